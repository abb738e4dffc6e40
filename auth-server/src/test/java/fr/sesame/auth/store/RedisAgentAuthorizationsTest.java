package fr.sesame.auth.store;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RedisAgentAuthorizationsTest extends AgentAuthorizationsContract {

	private TestRedis redis;

	@Override
	protected AgentAuthorizations create(TestClock clock) {
		this.redis = new TestRedis();
		return store(AuthorizationFixtures.clients());
	}

	private RedisAgentAuthorizations store(RegisteredClientRepository clients) {
		return new RedisAgentAuthorizations(this.redis.template(), new AuthorizationJson(clients, List.of()),
				this.redis.prefix(), PENDING_TTL, this.clock);
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void authorizationAndItsIndexesExpireWithTheRefreshToken() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);
		long refreshTtl = AuthorizationFixtures.REFRESH_TTL.toMillis();

		StringRedisTemplate template = this.redis.template();
		Set<String> keys = this.redis.keys();
		assertThat(keys).hasSize(1 + 1 + 1 + 5);
		for (String key : keys) {
			assertThat(template.getExpire(key, TimeUnit.MILLISECONDS)).as(key)
				.isCloseTo(refreshTtl, within(Duration.ofSeconds(5).toMillis()));
		}
	}

	@Test
	void pendingAuthorizationExpiresAfterTheConfiguredTime() {
		OAuth2Authorization pending = AuthorizationFixtures.pending("sub-hdaubigne", "state-1");
		this.authorizations.save(pending);

		Long ttl = this.redis.template()
			.getExpire(this.redis.prefix() + "authorization:" + pending.getId(),
					TimeUnit.MILLISECONDS);

		assertThat(ttl).isCloseTo(PENDING_TTL.toMillis(), within(5_000L));
	}

	@Test
	void indexKeysHoldNoTokenValue() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);
		List<String> values = List.of(saved.getAttribute(OAuth2ParameterNames.STATE),
				saved.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue(),
				saved.getAccessToken().getToken().getTokenValue(), saved.getRefreshToken().getToken().getTokenValue(),
				saved.getToken(OidcIdToken.class).getToken().getTokenValue());

		String authorizationKey = this.redis.prefix() + "authorization:" + saved.getId();
		StringRedisTemplate template = this.redis.template();
		for (String key : this.redis.keys()) {
			String everything = key + " " + dump(template, key);
			for (String value : values) {
				if (!key.equals(authorizationKey)) {
					assertThat(everything).as(key).doesNotContain(value);
				}
			}
		}
	}

	@Test
	void removingAnAuthorizationLeavesNoKeyBehind() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);

		this.authorizations.remove(saved);

		assertThat(this.redis.keys()).isEmpty();
	}

	@Test
	void rotationDeletesTheIndexOfTheReplacedToken() {
		OAuth2Authorization first = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(first);
		OAuth2Authorization second = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		OAuth2Authorization rotated = OAuth2Authorization.from(second).id(first.getId()).build();

		this.authorizations.save(rotated);

		assertThat(this.redis.keys()).hasSize(1 + 1 + 1 + 5);
	}

	@Test
	void authorizationOfAClientNoLongerRegisteredIsNotFound() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);
		RegisteredClient other = RegisteredClient.from(AuthorizationFixtures.PORTAL).id("other-id").build();

		AgentAuthorizations afterClientRemoval = store(new InMemoryRegisteredClientRepository(other));

		assertThat(afterClientRemoval.findById(saved.getId())).isNull();
		assertThat(afterClientRemoval.findByToken(saved.getAccessToken().getToken().getTokenValue(), null)).isNull();
	}

	@Test
	void anotherReplicaFindsWhatThisOneSaved() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);

		AgentAuthorizations otherReplica = new RedisAgentAuthorizations(this.redis.anotherClient(),
				new AuthorizationJson(AuthorizationFixtures.clients(), List.of()), this.redis.prefix(), PENDING_TTL,
				this.clock);

		assertThat(otherReplica.findByToken(saved.getRefreshToken().getToken().getTokenValue(), null))
			.extracting(OAuth2Authorization::getId)
			.isEqualTo(saved.getId());
	}

	private static String dump(StringRedisTemplate template, String key) {
		return switch (template.type(key)) {
			case STRING -> template.opsForValue().get(key);
			case SET -> String.valueOf(template.opsForSet().members(key));
			case ZSET -> String.valueOf(template.opsForZSet().range(key, 0, -1));
			case HASH -> String.valueOf(template.opsForHash().entries(key));
			default -> "";
		};
	}

}
