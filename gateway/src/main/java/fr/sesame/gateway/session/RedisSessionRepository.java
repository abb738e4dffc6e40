package fr.sesame.gateway.session;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.GenericToStringSerializer;
import org.springframework.data.redis.serializer.RedisElementReader;
import org.springframework.data.redis.serializer.RedisElementWriter;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.MapSession;
import org.springframework.session.ReactiveSessionRepository;

/**
 * The gateway's sessions in Redis, shared by every replica, read through {@link RecentSessions} and written as
 * little as possible. In Redis calls per request for an application:
 * <ul>
 * <li>reading: none when Redis confirmed this replica's copy less than {@code cache-freshness} ago, which for a
 * session in use is always the case ({@link #confirmInUse}, off the request path); else one {@code HMGET} of the
 * session's version and access time, and only if they changed (or the copy is gone) one {@code HGETALL} and the
 * deserialization of the session;</li>
 * <li>writing: none when the request changed nothing but the access time, one script call when the stored access
 * time is {@code touch-interval} old (it also renews the key's expiry), one script call when attributes changed
 * (sign-in, token refresh, step-up), which also tells the other replicas to forget their copy.</li>
 * </ul>
 * A write never brings back a session deleted meanwhile (a back-channel logout while a request of that session was in
 * flight): the script writes only into a hash that still exists. Deleting publishes the session id on
 * {@link SessionChanges}'s channel in the same script call.
 *
 * <p>
 * When Redis cannot be reached, every request whose session is not in {@link RecentSessions} fails (the gateway
 * answers 503): sessions fail closed, at most {@code cache-freshness} after Redis stopped answering.
 */
public final class RedisSessionRepository implements ReactiveSessionRepository<StoredSession> {

	/**
	 * KEYS[1] the session's key, KEYS[2] the key it is stored under (KEYS[1] unless its id changed); ARGV[1] "create"
	 * or "update" (only if KEYS[2] still exists), ARGV[2] expiry in seconds (negative: none), ARGV[3] channel to
	 * publish ARGV[4] on ("" for none: only the access time changed), ARGV[5] n, then n field/value pairs to set,
	 * then the fields to delete. A change of content counts the version up.
	 */
	private static final RedisScript<Long> SAVE = RedisScript.of("""
			local key, stored = KEYS[1], KEYS[2]
			if ARGV[1] == 'update' then
			  if redis.call('EXISTS', stored) == 0 then return 0 end
			  if stored ~= key then redis.call('RENAME', stored, key) end
			end
			local n = tonumber(ARGV[5])
			if n > 0 then redis.call('HSET', key, unpack(ARGV, 6, 5 + 2 * n)) end
			for i = 6 + 2 * n, #ARGV do redis.call('HDEL', key, ARGV[i]) end
			if ARGV[1] == 'create' or ARGV[3] ~= '' then redis.call('HINCRBY', key, 'version', 1) end
			local ttl = tonumber(ARGV[2])
			if ttl >= 0 then redis.call('EXPIRE', key, ttl) else redis.call('PERSIST', key) end
			if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
			return 1
			""", Long.class);

	/** KEYS[1] the session's key; ARGV[1] the channel, ARGV[2] the session id. */
	private static final RedisScript<Long> DELETE = RedisScript.of("""
			local deleted = redis.call('DEL', KEYS[1])
			redis.call('PUBLISH', ARGV[1], ARGV[2])
			return deleted
			""", Long.class);

	/**
	 * The version and access time of each session of KEYS, two values per key, empty for a session that is gone.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> VERSIONS = RedisScript.of("""
			local versions = {}
			for i, key in ipairs(KEYS) do
			  local stored = redis.call('HMGET', key, '%s', '%s')
			  versions[2 * i - 1] = stored[1] or ''
			  versions[2 * i] = stored[2] or ''
			end
			return versions
			""".formatted(SessionHash.LAST_ACCESSED_TIME, SessionHash.VERSION), List.class);

	/** At most this many sessions per {@link #VERSIONS} call, so that Redis is never held for long. */
	static final int CONFIRM_BATCH = 250;

	private static final RedisElementWriter<byte[]> RAW = RedisElementWriter.from(RedisSerializer.byteArray());

	private static final RedisElementReader<Long> COUNT = RedisElementReader
		.from(new GenericToStringSerializer<>(Long.class));

	private static final List<String> VERSION_FIELDS = List.of(SessionHash.LAST_ACCESSED_TIME, SessionHash.VERSION);

	private final ReactiveRedisTemplate<String, byte[]> redis;

	private final SessionHash hash;

	private final RecentSessions recent;

	private final String keyPrefix;

	private final byte[] channel;

	private final Duration idleTimeout;

	private final Duration touchInterval;

	/**
	 * @param redis String keys and hash keys, values as stored (bytes)
	 * @param values the session serializer (JDK serialization, lenient on reading)
	 * @param recent the sessions read recently on this replica
	 * @param namespace {@code spring.session.data.redis.namespace}: keys are {@code <namespace>:sessions:<id>}
	 * @param idleTimeout a session unused this long ends
	 * @param touchInterval the access time is written at most this often
	 */
	public RedisSessionRepository(ReactiveRedisTemplate<String, byte[]> redis, RedisSerializer<Object> values,
			RecentSessions recent, String namespace, Duration idleTimeout, Duration touchInterval) {
		this.redis = redis;
		this.hash = new SessionHash(values);
		this.recent = recent;
		this.keyPrefix = namespace + ":sessions:";
		this.channel = SessionChanges.channel(namespace).getBytes(StandardCharsets.UTF_8);
		this.idleTimeout = idleTimeout;
		this.touchInterval = touchInterval;
	}

	@Override
	public Mono<StoredSession> createSession() {
		return Mono.fromSupplier(() -> {
			MapSession session = new MapSession();
			session.setMaxInactiveInterval(this.idleTimeout);
			return new StoredSession(session, false);
		});
	}

	@Override
	public Mono<StoredSession> findById(String id) {
		RecentSessions.Entry known = this.recent.get(id);
		long now = System.nanoTime();
		if (known != null && this.recent.isFresh(known, now)) {
			return usable(known.copy());
		}
		return Mono.defer(() -> (known != null) ? confirm(id, known) : read(id));
	}

	/** Asks Redis whether the copy this replica holds is still current: a few bytes instead of the whole session. */
	private Mono<StoredSession> confirm(String id, RecentSessions.Entry known) {
		long stamp = this.recent.stamp(id);
		long askedAt = System.nanoTime();
		return this.redis.<String, byte[]>opsForHash()
			.multiGet(key(id), VERSION_FIELDS)
			.flatMap((stored) -> {
				if (known.version().equals(new RecentSessions.StoredVersion(stored.get(0), stored.get(1)))) {
					this.recent.confirmed(id, known, askedAt, stamp);
					return usable(known.copy());
				}
				return read(id);
			});
	}

	/**
	 * Confirms this replica's copies of the sessions requests used in the last {@code within}, so that their next
	 * requests find them fresh: one script call per {@value #CONFIRM_BATCH} sessions reads their versions; an
	 * unchanged copy counts as confirmed now, a changed or deleted one is forgotten (its next request reads Redis).
	 */
	public Mono<Void> confirmInUse(Duration within) {
		List<Map.Entry<String, RecentSessions.Entry>> used = this.recent.usedWithin(within);
		List<List<Map.Entry<String, RecentSessions.Entry>>> batches = new ArrayList<>();
		for (int from = 0; from < used.size(); from += CONFIRM_BATCH) {
			batches.add(used.subList(from, Math.min(used.size(), from + CONFIRM_BATCH)));
		}
		return Flux.fromIterable(batches).concatMap(this::confirm).then();
	}

	private Mono<Void> confirm(List<Map.Entry<String, RecentSessions.Entry>> batch) {
		List<String> keys = new ArrayList<>(batch.size());
		long[] stamps = new long[batch.size()];
		for (int i = 0; i < batch.size(); i++) {
			keys.add(key(batch.get(i).getKey()));
			stamps[i] = this.recent.stamp(batch.get(i).getKey());
		}
		long askedAt = System.nanoTime();
		return this.redis.execute(VERSIONS, keys, List.of()).next().doOnNext((stored) -> {
			// Confirmations first: an eviction counts against every id of its stripe, and one made here, for a copy
			// this read found changed, says nothing about the other copies the same read found current.
			List<String> changed = new ArrayList<>();
			for (int i = 0; i < batch.size() && 2 * i + 1 < stored.size(); i++) {
				String id = batch.get(i).getKey();
				RecentSessions.Entry known = batch.get(i).getValue();
				if (known.version().equals(new RecentSessions.StoredVersion(present(stored.get(2 * i)),
						present(stored.get(2 * i + 1))))) {
					this.recent.confirmed(id, known, askedAt, stamps[i]);
				}
				else {
					changed.add(id);
				}
			}
			changed.forEach(this.recent::evict);
		}).then();
	}

	/** A field as {@code HMGET} gives it: null when missing (the script answers an empty value instead of nil). */
	private static byte[] present(Object field) {
		return (field instanceof byte[] bytes && bytes.length > 0) ? bytes : null;
	}

	/** Reads and deserializes the whole session. */
	private Mono<StoredSession> read(String id) {
		long stamp = this.recent.stamp(id);
		long readAt = System.nanoTime();
		return this.redis.<String, byte[]>opsForHash()
			.entries(key(id))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter((fields) -> !fields.isEmpty())
			.flatMap((fields) -> this.hash.read(id, fields)
				.filter((session) -> !session.isExpired())
				.map((session) -> {
					this.recent.put(session, SessionHash.version(fields), readAt, stamp);
					return Mono.just(new StoredSession(new MapSession(session), true));
				})
				// Incomplete or expired: gone for good, like a missing one.
				.orElseGet(() -> this.redis.delete(key(id)).then(Mono.empty())));
	}

	private static Mono<StoredSession> usable(MapSession session) {
		return session.isExpired() ? Mono.empty() : Mono.just(new StoredSession(session, true));
	}

	@Override
	public Mono<Void> save(StoredSession session) {
		if (session.isNew()) {
			return write("create", session, this.hash.everything(session), false);
		}
		if (session.hasChanges()) {
			return write("update", session, this.hash.changes(session), true);
		}
		Duration sinceStored = Duration.between(session.storedLastAccess(), session.getLastAccessedTime());
		if (sinceStored.compareTo(this.touchInterval) >= 0) {
			return write("update", session, this.hash.accessTime(session), false);
		}
		return Mono.empty();
	}

	@Override
	public Mono<Void> deleteById(String id) {
		return Mono.defer(() -> {
			this.recent.evict(id);
			return this.redis
				.execute(DELETE, List.of(key(id)), List.of(this.channel, id.getBytes(StandardCharsets.UTF_8)), RAW, COUNT)
				.then();
		})
			// Again once deleted: a read of this replica that was in flight meanwhile must not be kept.
			.doFinally((signal) -> this.recent.evict(id));
	}

	/**
	 * @param publish whether other replicas must forget their copy (the content changed, not just the access time)
	 */
	private Mono<Void> write(String mode, StoredSession session, SessionHash.Fields fields, boolean publish) {
		String storedId = (session.storedId() != null) ? session.storedId() : session.getId();
		List<byte[]> args = new ArrayList<>(6 + fields.set().size() + fields.removed().size());
		args.add(mode.getBytes(StandardCharsets.US_ASCII));
		long ttl = session.getMaxInactiveInterval().isNegative() ? -1 : session.getMaxInactiveInterval().getSeconds();
		args.add(Long.toString(ttl).getBytes(StandardCharsets.US_ASCII));
		args.add(publish ? this.channel : new byte[0]);
		args.add(storedId.getBytes(StandardCharsets.UTF_8));
		args.add(Integer.toString(fields.set().size() / 2).getBytes(StandardCharsets.US_ASCII));
		args.addAll(fields.set());
		args.addAll(fields.removed());
		boolean contentChanged = publish;
		return this.redis.execute(SAVE, List.of(key(session.getId()), key(storedId)), args, RAW, COUNT)
			.next()
			.doOnNext((written) -> {
				if (written == 1L && !contentChanged) {
					this.recent.touched(storedId, session.getLastAccessedTime(), this.hash.storedAccessTime(session));
				}
				else {
					// Changed, or deleted meanwhile (then nothing was written: the session stays ended).
					this.recent.evict(storedId);
					this.recent.evict(session.getId());
				}
				if (written == 1L) {
					session.saved();
				}
			})
			.then();
	}

	private String key(String id) {
		return this.keyPrefix + id;
	}

}
