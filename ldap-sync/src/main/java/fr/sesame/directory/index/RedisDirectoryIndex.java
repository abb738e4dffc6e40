package fr.sesame.directory.index;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.HashOperations;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import tools.jackson.databind.json.JsonMapper;

/**
 * The index in Redis, shared by every replica. Per commune (the commune id is a hash tag, so that a Redis Cluster
 * keeps a commune's keys in one slot and the swap below stays one atomic script):
 * <ul>
 * <li>{@code <prefix>directory:{<commune>}:agents}: hash, unique id → agent (JSON);</li>
 * <li>{@code <prefix>directory:{<commune>}:staging}: the same for a full pass in progress, with a TTL so that a
 * crashed pass leaves nothing behind;</li>
 * <li>{@code <prefix>directory:{<commune>}:state}: when the index was last complete, and the group names.</li>
 * </ul>
 */
public final class RedisDirectoryIndex implements DirectoryIndex {

	/** A full pass of a very large directory stays well below this; past it, its staging is garbage. */
	private static final Duration STAGING_TTL = Duration.ofHours(2);

	// RENAME moves the staging hash's TTL along: PERSIST drops it. An empty pass has no staging hash at all.
	private static final RedisScript<Long> COMMIT = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 1 then
			  redis.call('RENAME', KEYS[1], KEYS[2])
			  redis.call('PERSIST', KEYS[2])
			else
			  redis.call('DEL', KEYS[2])
			end
			redis.call('SET', KEYS[3], ARGV[1])
			return 1
			""", Long.class);

	private final StringRedisTemplate redis;

	private final HashOperations<String, String, String> hashes;

	private final String prefix;

	private final JsonMapper json;

	public RedisDirectoryIndex(StringRedisTemplate redis, String keyPrefix, JsonMapper json) {
		this.redis = redis;
		this.hashes = redis.opsForHash();
		this.prefix = keyPrefix + "directory:";
		this.json = json;
	}

	/** The prefix of every key of a commune, e.g. {@code sesame:directory:{rivebelle}:}. */
	public static String communeKeyPrefix(String keyPrefix, String communeId) {
		return keyPrefix + "directory:{" + communeId + "}:";
	}

	@Override
	public Optional<IndexedAgent> agent(String communeId, String uniqueId) {
		return Optional.ofNullable(this.hashes.get(agentsKey(communeId), uniqueId)).map(this::read);
	}

	@Override
	public Map<String, IndexedAgent> agents(String communeId, Collection<String> uniqueIds) {
		return read(this.hashes.multiGet(agentsKey(communeId), List.copyOf(uniqueIds)));
	}

	@Override
	public void forEachBatch(String communeId, int batchSize, Consumer<List<IndexedAgent>> batch) {
		scan(agentsKey(communeId), batchSize, batch);
	}

	@Override
	public void save(String communeId, Collection<IndexedAgent> agents) {
		if (!agents.isEmpty()) {
			this.hashes.putAll(agentsKey(communeId), write(agents));
		}
	}

	@Override
	public void remove(String communeId, Collection<String> uniqueIds) {
		if (!uniqueIds.isEmpty()) {
			this.hashes.delete(agentsKey(communeId), uniqueIds.toArray());
		}
	}

	@Override
	public Optional<CommuneIndexState> state(String communeId) {
		String state = this.redis.opsForValue().get(stateKey(communeId));
		long agents = this.hashes.size(agentsKey(communeId));
		if (state == null && agents == 0) {
			return Optional.empty();
		}
		StoredState stored = (state != null) ? this.json.readValue(state, StoredState.class)
				: new StoredState(null, List.of());
		return Optional.of(new CommuneIndexState(communeId, stored.syncedAt(), agents, stored.groups()));
	}

	@Override
	public void markSynced(String communeId, Instant syncedAt, List<String> groups) {
		this.redis.opsForValue().set(stateKey(communeId), stateJson(syncedAt, groups));
	}

	@Override
	public Staging stage(String communeId) {
		String key = communePrefix(communeId) + "staging";
		// A pass that died before its commit may have left its agents: they must not mix with this one's.
		this.redis.delete(key);
		return new RedisStaging(communeId, key);
	}

	/** Stored under the state key: small, read at every token. */
	record StoredState(Instant syncedAt, List<String> groups) {
	}

	private String stateJson(Instant syncedAt, List<String> groups) {
		return this.json.writeValueAsString(new StoredState(syncedAt, groups));
	}

	private String communePrefix(String communeId) {
		return this.prefix + "{" + communeId + "}:";
	}

	private String agentsKey(String communeId) {
		return communePrefix(communeId) + "agents";
	}

	private String stateKey(String communeId) {
		return communePrefix(communeId) + "state";
	}

	private void scan(String key, int batchSize, Consumer<List<IndexedAgent>> batch) {
		List<IndexedAgent> current = new ArrayList<>(batchSize);
		try (Cursor<Map.Entry<String, String>> cursor = this.hashes.scan(key,
				ScanOptions.scanOptions().count(batchSize).build())) {
			while (cursor.hasNext()) {
				current.add(read(cursor.next().getValue()));
				if (current.size() == batchSize) {
					batch.accept(current);
					current = new ArrayList<>(batchSize);
				}
			}
		}
		if (!current.isEmpty()) {
			batch.accept(current);
		}
	}

	private Map<String, IndexedAgent> read(List<String> values) {
		Map<String, IndexedAgent> found = new LinkedHashMap<>();
		for (String value : values) {
			if (value != null) {
				IndexedAgent agent = read(value);
				found.put(agent.uniqueId(), agent);
			}
		}
		return found;
	}

	private IndexedAgent read(String value) {
		return this.json.readValue(value, IndexedAgent.class);
	}

	private Map<String, String> write(Collection<IndexedAgent> agents) {
		Map<String, String> values = new LinkedHashMap<>();
		agents.forEach((agent) -> values.put(agent.uniqueId(), this.json.writeValueAsString(agent)));
		return values;
	}

	private final class RedisStaging implements Staging {

		private final String communeId;

		private final String key;

		private boolean committed;

		RedisStaging(String communeId, String key) {
			this.communeId = communeId;
			this.key = key;
		}

		@Override
		public void add(Collection<IndexedAgent> agents) {
			if (agents.isEmpty()) {
				return;
			}
			RedisDirectoryIndex.this.hashes.putAll(this.key, write(agents));
			RedisDirectoryIndex.this.redis.expire(this.key, STAGING_TTL);
		}

		@Override
		public Set<String> containing(Collection<String> uniqueIds) {
			List<String> ids = List.copyOf(uniqueIds);
			List<String> values = RedisDirectoryIndex.this.hashes.multiGet(this.key, ids);
			Set<String> found = new HashSet<>();
			for (int i = 0; i < ids.size(); i++) {
				if (values.get(i) != null) {
					found.add(ids.get(i));
				}
			}
			return found;
		}

		@Override
		public void forEachBatch(int batchSize, Consumer<List<IndexedAgent>> batch) {
			scan(this.key, batchSize, batch);
		}

		@Override
		public long size() {
			return RedisDirectoryIndex.this.hashes.size(this.key);
		}

		@Override
		public void commit(Instant syncedAt, List<String> groups) {
			RedisDirectoryIndex.this.redis.execute(COMMIT,
					List.of(this.key, agentsKey(this.communeId), stateKey(this.communeId)),
					stateJson(syncedAt, groups));
			this.committed = true;
		}

		@Override
		public void close() {
			if (!this.committed) {
				RedisDirectoryIndex.this.redis.delete(this.key);
			}
		}

	}

}
