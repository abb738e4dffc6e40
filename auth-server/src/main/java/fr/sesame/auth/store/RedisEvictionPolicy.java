package fr.sesame.auth.store;

import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads Redis's {@code maxmemory-policy} at start-up. Under an {@code allkeys-*} policy a Redis short of memory drops
 * any key: second factors among them, after which an agent enrols again with the password alone; the start is refused.
 * Under a {@code volatile-*} policy it drops keys that expire: sessions, tokens, brute-force counters before their
 * time; a warning. {@code noeviction} (Redis's default) fails writes instead, closed, and loses nothing. Managed
 * services that refuse {@code CONFIG GET} get a warning asking to check it by hand.
 */
final class RedisEvictionPolicy implements SmartInitializingSingleton {

	private static final Logger logger = LoggerFactory.getLogger(RedisEvictionPolicy.class);

	private static final String POLICY = "maxmemory-policy";

	private final StringRedisTemplate redis;

	RedisEvictionPolicy(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public void afterSingletonsInstantiated() {
		String policy;
		try {
			Properties config = this.redis
				.execute((RedisCallback<Properties>) (connection) -> connection.serverCommands().getConfig(POLICY));
			policy = (config != null) ? config.getProperty(POLICY) : null;
		}
		catch (RuntimeException refused) {
			logger.warn("Could not read Redis's {} ({}): make sure it is noeviction (docs/operations.md, \"Sizing\")",
					POLICY, refused.getClass().getSimpleName());
			return;
		}
		if (policy == null || policy.equals("noeviction")) {
			return;
		}
		if (policy.startsWith("allkeys-")) {
			throw new IllegalStateException("Redis's maxmemory-policy is " + policy + ": short of memory, Redis would "
					+ "drop any key, second factors and signing keys among them. Set maxmemory-policy noeviction "
					+ "(docs/operations.md, \"Sizing\")");
		}
		logger.warn("Redis's {} is {}: short of memory, Redis drops sessions, tokens and brute-force counters before "
				+ "their time; set it to noeviction (docs/operations.md, \"Sizing\")", POLICY, policy);
	}

}
