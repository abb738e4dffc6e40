package fr.sesame.gateway.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.session.MapSession;

/**
 * Sessions this replica read from Redis, kept deserialized so that an agent's requests do not each read and
 * deserialize their session again (about 16 KB of JDK serialization: the security context and the tokens).
 *
 * <p>
 * A copy is used as it is for {@code freshness} (at most a second) after Redis last confirmed it. Copies in use are
 * confirmed off the request path ({@link SessionConfirmation}); a session that comes back after a pause is confirmed
 * on its request: {@link RedisSessionRepository} asks Redis whether it is still there and unchanged (its version and
 * access time, a few bytes) before using it again, and reads it in full only if not. So a session ended or changed
 * through another replica without this one hearing of it (a lost {@link SessionChanges} message) is used here at
 * most {@code freshness} after Redis last said it was current.
 *
 * <p>
 * Ending or changing a session evicts it ({@link #evict}); a read that was in flight at that moment is not kept, so
 * an eviction is never undone by a slower read of the old state. Each request gets its own copy of the session.
 * Sessions unused for five minutes are dropped, and at most {@code maximumSize} are kept.
 */
public final class RecentSessions {

	/** Evictions are counted per stripe of ids, so that one busy session does not stop the others being kept. */
	private static final int STRIPES = 64;

	private final Cache<String, Entry> sessions;

	private final AtomicLongArray evictions = new AtomicLongArray(STRIPES);

	/**
	 * When a request last asked for each copy ({@link System#nanoTime()}), for {@link SessionConfirmation}; kept here
	 * because the cache's own access times are not updated on every read.
	 */
	private final ConcurrentMap<String, Long> lastUsed = new ConcurrentHashMap<>();

	private final long freshness;

	private final boolean enabled;

	/**
	 * @param freshness how long after Redis confirmed a session this replica may use it without asking again; zero
	 * disables the cache
	 * @param maximumSize how many sessions are kept at most
	 */
	public RecentSessions(Duration freshness, long maximumSize) {
		this.enabled = !freshness.isZero() && maximumSize > 0;
		this.freshness = freshness.toNanos();
		this.sessions = Caffeine.newBuilder()
			// Upkeep on the request's own thread rather than a wake-up of the common ForkJoinPool (see TokenBuckets).
			.executor(Runnable::run)
			.maximumSize(Math.max(1, maximumSize))
			.expireAfterAccess(Duration.ofMinutes(5))
			.build();
	}

	/** @return what this replica knows of the session, fresh or not, or null */
	Entry get(String id) {
		if (!this.enabled) {
			return null;
		}
		Entry entry = this.sessions.getIfPresent(id);
		if (entry != null) {
			this.lastUsed.put(id, System.nanoTime());
		}
		return entry;
	}

	/**
	 * The copies requests asked for in the last {@code within}: those {@link SessionConfirmation} keeps confirmed.
	 */
	List<Map.Entry<String, Entry>> usedWithin(Duration within) {
		long since = System.nanoTime() - within.toNanos();
		List<Map.Entry<String, Entry>> used = new ArrayList<>();
		this.lastUsed.forEach((id, usedAt) -> {
			Entry entry = (usedAt - since >= 0) ? this.sessions.asMap().get(id) : null;
			if (entry != null) {
				used.add(Map.entry(id, entry));
			}
			else {
				this.lastUsed.remove(id, usedAt);
			}
		});
		return used;
	}

	/** Whether Redis confirmed the entry recently enough for it to be used without asking again. */
	boolean isFresh(Entry entry, long now) {
		return now - entry.confirmedAt() < this.freshness;
	}

	/** Taken before asking Redis, handed back to {@link #put} or {@link #confirmed}. */
	long stamp(String id) {
		return this.evictions.get(stripe(id));
	}

	/**
	 * Keeps a session just read from Redis, unless it was evicted since the read started.
	 *
	 * @param readAt {@link System#nanoTime()} when the read was sent
	 * @param stamp {@link #stamp} taken at the same moment
	 */
	void put(MapSession session, StoredVersion version, long readAt, long stamp) {
		if (!this.enabled) {
			return;
		}
		int stripe = stripe(session.getId());
		// compute() serialises with evict()'s compute() on the same id: either this entry goes in first and is
		// removed by the eviction, or the eviction's count is seen here and the stale read is not kept.
		this.sessions.asMap()
			.compute(session.getId(), (key, current) -> (this.evictions.get(stripe) == stamp)
					? new Entry(session, version, readAt) : current);
	}

	/** Redis says the session is still as this replica knows it. */
	void confirmed(String id, Entry known, long askedAt, long stamp) {
		int stripe = stripe(id);
		this.sessions.asMap()
			.computeIfPresent(id, (key, current) -> (current == known && this.evictions.get(stripe) == stamp)
					? new Entry(current.session(), current.version(), askedAt) : current);
	}

	/** This replica wrote the access time only: its copy says so too, and stays as fresh as it was. */
	void touched(String id, Instant lastAccess, byte[] storedLastAccess) {
		if (!this.enabled) {
			return;
		}
		this.sessions.asMap().computeIfPresent(id, (key, entry) -> {
			MapSession session = new MapSession(entry.session());
			session.setLastAccessedTime(lastAccess);
			return new Entry(session, new StoredVersion(storedLastAccess, entry.version().version()), entry.confirmedAt());
		});
	}

	/** The session ended or changed, here or on another replica: the next request reads Redis. */
	void evict(String id) {
		this.evictions.incrementAndGet(stripe(id));
		this.sessions.asMap().compute(id, (key, current) -> null);
	}

	/** Forget everything: changes may have been missed (the change notifications were interrupted). */
	void clear() {
		for (int i = 0; i < STRIPES; i++) {
			this.evictions.incrementAndGet(i);
		}
		this.sessions.invalidateAll();
	}

	long size() {
		return this.sessions.estimatedSize();
	}

	private static int stripe(String id) {
		return Math.floorMod(id.hashCode(), STRIPES);
	}

	/**
	 * @param session the session as read (never handed to a request: requests get copies)
	 * @param version what identifies that state in Redis
	 * @param confirmedAt {@link System#nanoTime()} when Redis last said it was current
	 */
	record Entry(MapSession session, StoredVersion version, long confirmedAt) {

		MapSession copy() {
			return new MapSession(this.session);
		}

	}

	/**
	 * What changes in Redis whenever a session does: its {@code version} (counted up at each change of content by
	 * this gateway) and its stored access time (written by older gateway versions at every request), as stored.
	 */
	record StoredVersion(byte[] lastAccessedTime, byte[] version) {

		@Override
		public boolean equals(Object other) {
			return other instanceof StoredVersion that && Arrays.equals(this.lastAccessedTime, that.lastAccessedTime)
					&& Arrays.equals(this.version, that.version);
		}

		@Override
		public int hashCode() {
			return 31 * Arrays.hashCode(this.lastAccessedTime) + Arrays.hashCode(this.version);
		}

		@Override
		public String toString() {
			return "StoredVersion[" + Arrays.toString(this.version) + "]";
		}

	}

}
