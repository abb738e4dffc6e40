package fr.sesame.directory.sync;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import fr.sesame.directory.index.RedisDirectoryIndex;

/**
 * Leases in Redis: {@code <prefix>directory:{<commune>}:lease} holds the owner's name and expires after the lease
 * duration unless renewed. Taking is {@code SET NX PX}; renewing and releasing check the owner in one script, so
 * that a replica never extends or deletes a lease another one took after its own expired.
 */
public final class RedisCommuneLeases implements CommuneLeases {

	private static final RedisScript<Long> RENEW = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
			end
			return 0
			""", Long.class);

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			  return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final String owner;

	private final Duration lease;

	public RedisCommuneLeases(StringRedisTemplate redis, String keyPrefix, String owner, Duration lease) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.owner = owner;
		this.lease = lease;
	}

	@Override
	public String owner() {
		return this.owner;
	}

	@Override
	public boolean acquire(String communeId) {
		if (renew(communeId)) {
			return true;
		}
		return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key(communeId), this.owner, this.lease));
	}

	@Override
	public boolean renew(String communeId) {
		Long renewed = this.redis.execute(RENEW, List.of(key(communeId)), this.owner,
				Long.toString(this.lease.toMillis()));
		return renewed != null && renewed == 1;
	}

	@Override
	public Optional<String> holder(String communeId) {
		return Optional.ofNullable(this.redis.opsForValue().get(key(communeId)));
	}

	@Override
	public void release(String communeId) {
		this.redis.execute(RELEASE, List.of(key(communeId)), this.owner);
	}

	private String key(String communeId) {
		return RedisDirectoryIndex.communeKeyPrefix(this.keyPrefix, communeId) + "lease";
	}

}
