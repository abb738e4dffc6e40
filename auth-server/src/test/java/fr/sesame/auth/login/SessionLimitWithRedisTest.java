package fr.sesame.auth.login;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.store.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same with Spring Session's sessions and the authorizations in the real Redis on 127.0.0.1:6379, under a key
 * prefix of this run's own: sessions included, so that other deployments (or test runs) sharing the Redis are
 * neither seen nor ended.
 */
@ActiveProfiles({ "demo", "redis" })
class SessionLimitWithRedisTest extends SessionLimitTest {

	@org.junit.jupiter.api.Test
	void sessionsLiveUnderTheDeploymentsKeyPrefix() {
		signInOnce();
		try (TestRedis redis = new TestRedis()) {
			assertThat(redis.template().keys(PREFIX + "session:sessions:*")).isNotEmpty();
		}
	}

	static final String PREFIX = "sesame-test:" + UUID.randomUUID() + ":";

	@DynamicPropertySource
	static void ownKeyPrefix(DynamicPropertyRegistry registry) {
		registry.add("sesame.store.key-prefix", () -> PREFIX);
	}

	@AfterAll
	static void deleteKeys() {
		try (TestRedis redis = new TestRedis()) {
			java.util.Set<String> keys = redis.template().keys(PREFIX + "*");
			if (keys != null && !keys.isEmpty()) {
				redis.template().delete(keys);
			}
		}
	}

}
