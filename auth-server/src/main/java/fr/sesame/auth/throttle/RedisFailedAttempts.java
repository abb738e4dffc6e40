package fr.sesame.auth.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Failure counters in Redis, so that an attacker cannot multiply the allowance by spreading attempts across
 * replicas. One hash per key, incremented atomically by a script, expiring {@code window} after the last failure.
 */
public final class RedisFailedAttempts implements FailedAttempts {

	private static final RedisScript<List> RECORD_FAILURE = RedisScript.of("""
			local count = redis.call('HINCRBY', KEYS[1], 'count', 1)
			redis.call('HSET', KEYS[1], 'last', ARGV[1])
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return {count, ARGV[1]}
			""", List.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	public RedisFailedAttempts(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.prefix = keyPrefix + "throttle:";
	}

	@Override
	public Attempts get(String key) {
		List<Object> values = this.redis.opsForHash().multiGet(this.prefix + key, List.of("count", "last"));
		if (values.get(0) == null || values.get(1) == null) {
			return Attempts.NONE;
		}
		return new Attempts(Long.parseLong((String) values.get(0)),
				Instant.ofEpochMilli(Long.parseLong((String) values.get(1))));
	}

	@Override
	public Attempts recordFailure(String key, Instant now, Duration window) {
		List<?> result = this.redis.execute(RECORD_FAILURE, List.of(this.prefix + key),
				Long.toString(now.toEpochMilli()), Long.toString(window.toMillis()));
		return new Attempts(((Number) result.get(0)).longValue(), now);
	}

	@Override
	public void reset(String key) {
		this.redis.delete(this.prefix + key);
	}

}
