package fr.sesame.auth.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

import static org.assertj.core.api.Assertions.assertThat;

class RedisConsentsTest extends ConsentsContract {

	private TestRedis redis;

	@Override
	protected OAuth2AuthorizationConsentService create() {
		this.redis = new TestRedis();
		return new RedisConsents(this.redis.template(), this.redis.prefix());
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void consentsOfAPrincipalShareOneKeyThatOutlivesRestarts() {
		this.consents.save(OAuth2AuthorizationConsent.withId("portal-id", "sub-hdaubigne")
			.authority(() -> "SCOPE_openid")
			.build());

		OAuth2AuthorizationConsentService afterRestart = new RedisConsents(this.redis.anotherClient(),
				this.redis.prefix());

		assertThat(this.redis.keys()).containsExactly(this.redis.prefix() + "consent:sub-hdaubigne");
		assertThat(afterRestart.findById("portal-id", "sub-hdaubigne")).isNotNull();
	}

}
