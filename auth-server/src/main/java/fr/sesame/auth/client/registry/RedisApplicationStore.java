package fr.sesame.auth.client.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Registered clients in one Redis hash, client id → JSON, shared by every replica and kept across restarts.
 * <p>
 * Every token request looks its client up, so each replica reads the whole hash at most once per {@code cacheTtl}
 * (one {@code HGETALL} of a few dozen entries) rather than at every request. A change made on this replica is seen
 * here at once; on the others within {@code cacheTtl} (1 s by default): a rotated secret or a removed redirect URI
 * may still be accepted there for that long. A client this replica does not know yet is looked up at once. Writes
 * go to Redis itself, never to the cached copy.
 */
public final class RedisApplicationStore implements ApplicationStore {

	// KEYS: the hash. ARGV: client id, expected JSON, new JSON.
	private static final RedisScript<Long> REPLACE = RedisScript.of("""
			if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
				redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
				return 1
			end
			return 0
			""", Long.class);

	// KEYS: the hash. ARGV: client id. Returns the removed JSON, or nil.
	private static final RedisScript<String> REMOVE = RedisScript.of("""
			local stored = redis.call('HGET', KEYS[1], ARGV[1])
			if stored then redis.call('HDEL', KEYS[1], ARGV[1]) end
			return stored
			""", String.class);

	private final StringRedisTemplate redis;

	private final String key;

	private final Duration cacheTtl;

	private final Clock clock;

	private Snapshot snapshot;

	public RedisApplicationStore(StringRedisTemplate redis, String keyPrefix, Duration cacheTtl, Clock clock) {
		this.redis = redis;
		this.key = keyPrefix + "client:registered";
		this.cacheTtl = cacheTtl;
		this.clock = clock;
	}

	@Override
	public List<Application> all() {
		return current().byId().values().stream().sorted(Comparator.comparing(Application::clientId)).toList();
	}

	@Override
	public Optional<Application> find(String clientId) {
		Application known = current().byId().get(clientId);
		if (known != null) {
			return Optional.of(known);
		}
		// Perhaps registered on another replica since this one read the hash: asked for at once, so that a new client
		// works everywhere as soon as it is registered (edits still take up to cacheTtl). One HGET per unknown id.
		Object json = this.redis.opsForHash().get(this.key, clientId);
		if (json == null) {
			return Optional.empty();
		}
		forget();
		return Optional.of(ApplicationJson.read(json.toString()));
	}

	@Override
	public boolean add(Application application) {
		Boolean added = this.redis.opsForHash().putIfAbsent(this.key, application.clientId(),
				ApplicationJson.write(application));
		forget();
		return Boolean.TRUE.equals(added);
	}

	@Override
	public boolean replace(Application expected, Application updated) {
		Long replaced = this.redis.execute(REPLACE, List.of(this.key), expected.clientId(),
				ApplicationJson.write(expected), ApplicationJson.write(updated));
		forget();
		return replaced != null && replaced == 1;
	}

	@Override
	public Optional<Application> remove(String clientId) {
		String removed = this.redis.execute(REMOVE, List.of(this.key), clientId);
		forget();
		return Optional.ofNullable(removed).map(ApplicationJson::read);
	}

	private synchronized Snapshot current() {
		Instant now = this.clock.instant();
		if (this.snapshot == null || !now.isBefore(this.snapshot.readAt().plus(this.cacheTtl))) {
			Map<String, Application> byId = new TreeMap<>();
			this.redis.<String, String>opsForHash()
				.entries(this.key)
				.forEach((clientId, json) -> byId.put(clientId, ApplicationJson.read(json)));
			this.snapshot = new Snapshot(Map.copyOf(byId), now);
		}
		return this.snapshot;
	}

	private synchronized void forget() {
		this.snapshot = null;
	}

	private record Snapshot(Map<String, Application> byId, Instant readAt) {
	}

}
