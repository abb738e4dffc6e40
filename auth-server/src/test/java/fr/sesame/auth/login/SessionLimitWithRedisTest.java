package fr.sesame.auth.login;

import java.util.UUID;

import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.store.TestRedis;

/** The same with Spring Session's sessions and the authorizations in the real Redis on 127.0.0.1:6379. */
@ActiveProfiles({ "demo", "redis" })
class SessionLimitWithRedisTest extends SessionLimitTest {

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
