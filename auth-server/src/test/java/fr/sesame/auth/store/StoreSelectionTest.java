package fr.sesame.auth.store;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.key.InMemorySigningKeyStore;
import fr.sesame.auth.key.KeyConfiguration;
import fr.sesame.auth.key.RedisSigningKeyStore;
import fr.sesame.auth.key.SigningKeyStore;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.session.autoconfigure.SessionAutoConfiguration;
import org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.session.SessionRepository;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sesame.store.type} picks one implementation of every store, and the authorization server finds exactly
 * one bean of each type it looks up.
 */
class StoreSelectionTest {

	private TestRedis redis;

	private WebApplicationContextRunner runner;

	@BeforeEach
	void prepare() {
		this.redis = new TestRedis();
		this.runner = new WebApplicationContextRunner()
			.withUserConfiguration(StoreConfiguration.class, KeyConfiguration.class)
			.withBean(RegisteredClientRepository.class, AuthorizationFixtures::clients)
			.withPropertyValues("sesame.store.key-prefix=" + this.redis.prefix());
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void memoryIsTheDefaultAndNeedsNoRedis() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(OAuth2AuthorizationService.class)).isInstanceOf(InMemoryAgentAuthorizations.class);
			assertThat(context.getBean(OAuth2AuthorizationConsentService.class)).isInstanceOf(InMemoryConsents.class);
			assertThat(context.getBean(SessionRegistry.class)).isInstanceOf(SessionRegistryImpl.class);
			assertThat(context.getBean(SigningKeyStore.class)).isInstanceOf(InMemorySigningKeyStore.class);
			assertOneBeanForTheAuthorizationServer(context);
		});
	}

	@Test
	void redisModeUsesRedisForEveryStoreAndSpringSessionForSessions() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
					SessionDataRedisAutoConfiguration.class))
			.withPropertyValues("sesame.store.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.session.data.redis.repository-type=indexed",
					"spring.session.data.redis.namespace=" + this.redis.prefix() + "session",
					"spring.session.data.redis.configure-action=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(OAuth2AuthorizationService.class))
					.isInstanceOf(RedisAgentAuthorizations.class);
				assertThat(context.getBean(OAuth2AuthorizationConsentService.class)).isInstanceOf(RedisConsents.class);
				assertThat(context.getBean(SessionRegistry.class))
					.isInstanceOf(SpringSessionBackedSessionRegistry.class);
				assertThat(context.getBean(SigningKeyStore.class)).isInstanceOf(RedisSigningKeyStore.class);
				assertOneBeanForTheAuthorizationServer(context);
			});
	}

	@Test
	void redisModeWithoutTheIndexedSessionRepositorySaysWhichKeyToSet() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
					SessionDataRedisAutoConfiguration.class))
			.withPropertyValues("sesame.store.type=redis", "spring.data.redis.host=127.0.0.1")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("spring.session.data.redis.repository-type=indexed"));
	}

	@Test
	void memoryModeRefusesSpringSessionInRedis() {
		this.runner
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, SessionAutoConfiguration.class,
					SessionDataRedisAutoConfiguration.class))
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("spring.autoconfigure.exclude"));
	}

	@Test
	void unknownStoreTypeStopsTheStartWithTheKeyName() {
		this.runner.withPropertyValues("sesame.store.type=mongo")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("sesame.store.type"));
	}

	@Test
	void impossibleDurationsStopTheStartWithTheKeyName() {
		this.runner.withPropertyValues("sesame.keys.pre-publication=40d")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("sesame.keys.pre-publication must be shorter than sesame.keys.rotation-period"));
		this.runner.withPropertyValues("sesame.store.pending-authorization-ttl=0s")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("sesame.store.pending-authorization-ttl must be positive"));
	}

	private static void assertOneBeanForTheAuthorizationServer(ApplicationContext context) {
		// The authorization server takes these with getIfUnique(): a second bean would silently disable ours.
		assertThat(context.getBeanNamesForType(OAuth2AuthorizationService.class)).hasSize(1);
		assertThat(context.getBeanNamesForType(AgentAuthorizations.class)).hasSize(1);
		assertThat(context.getBeanNamesForType(OAuth2AuthorizationConsentService.class)).hasSize(1);
		assertThat(context.getBeanNamesForType(SessionRegistry.class)).hasSize(1);
		assertThat(context.getBeanNamesForType(JwtEncoder.class)).hasSize(1);
		assertThat(context.getBeanNamesForType(JwtDecoder.class)).hasSize(1);
		assertThat(context.getBeanNamesForType(
				ResolvableType.forClassWithGenerics(JWKSource.class, SecurityContext.class)))
			.hasSize(1);
		assertThat(context.getBeanNamesForType(SessionRepository.class).length > 0)
			.isEqualTo(context.getBean(SessionRegistry.class) instanceof SpringSessionBackedSessionRegistry);
	}

}
