package fr.sesame.directory.sync;

import java.time.Duration;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.json.JsonMapper;

import fr.sesame.directory.index.RedisDirectoryIndex;

/**
 * The board in Redis: {@code <prefix>directory:{<commune>}:status} (JSON, expiring, so that a dead replica's
 * status fades away) and {@code <prefix>directory:{<commune>}:leavers-confirmed} (an admin's confirmation, valid for
 * an hour).
 */
public final class RedisSyncBoard implements SyncBoard {

	private static final Duration CONFIRMATION_TTL = Duration.ofHours(1);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final JsonMapper json;

	private final Duration statusTtl;

	public RedisSyncBoard(StringRedisTemplate redis, String keyPrefix, JsonMapper json, Duration statusTtl) {
		this.redis = redis;
		this.keyPrefix = keyPrefix;
		this.json = json;
		this.statusTtl = statusTtl;
	}

	@Override
	public void publish(CommuneSyncStatus status) {
		this.redis.opsForValue()
			.set(key(status.communeId(), "status"), this.json.writeValueAsString(status), this.statusTtl);
	}

	@Override
	public Optional<CommuneSyncStatus> status(String communeId) {
		String value = this.redis.opsForValue().get(key(communeId, "status"));
		return Optional.ofNullable(value).map((text) -> this.json.readValue(text, CommuneSyncStatus.class));
	}

	@Override
	public void confirmLeavers(String communeId) {
		this.redis.opsForValue().set(key(communeId, "leavers-confirmed"), "1", CONFIRMATION_TTL);
	}

	@Override
	public boolean takeLeaversConfirmation(String communeId) {
		return this.redis.opsForValue().getAndDelete(key(communeId, "leavers-confirmed")) != null;
	}

	private String key(String communeId, String name) {
		return RedisDirectoryIndex.communeKeyPrefix(this.keyPrefix, communeId) + name;
	}

}
