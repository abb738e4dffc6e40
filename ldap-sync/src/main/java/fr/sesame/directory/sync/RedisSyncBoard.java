package fr.sesame.directory.sync;

import java.time.Duration;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.json.JsonMapper;

import fr.sesame.directory.index.RedisDirectoryIndex;

/**
 * The board in Redis: {@code <prefix>directory:{<commune>}:status} (JSON, expiring, so that a dead replica's
 * status fades away) and {@code <prefix>directory:{<commune>}:leavers-confirmed} (an admin's confirmation, JSON, valid
 * for an hour).
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
	public void confirmLeavers(String communeId, LeaversConfirmation confirmation) {
		this.redis.opsForValue()
			.set(key(communeId, "leavers-confirmed"), this.json.writeValueAsString(confirmation), CONFIRMATION_TTL);
	}

	@Override
	public Optional<LeaversConfirmation> pendingConfirmation(String communeId) {
		return confirmation(this.redis.opsForValue().get(key(communeId, "leavers-confirmed")));
	}

	@Override
	public Optional<LeaversConfirmation> takeLeaversConfirmation(String communeId) {
		return confirmation(this.redis.opsForValue().getAndDelete(key(communeId, "leavers-confirmed")));
	}

	/** A value written before confirmations named their halt ("1") answers no halt: ignored. */
	private Optional<LeaversConfirmation> confirmation(String value) {
		if (value == null || !value.startsWith("{")) {
			return Optional.empty();
		}
		return Optional.of(this.json.readValue(value, LeaversConfirmation.class));
	}

	private String key(String communeId, String name) {
		return RedisDirectoryIndex.communeKeyPrefix(this.keyPrefix, communeId) + name;
	}

}
