package fr.sesame.gateway.session;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.MapSession;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.data.redis.ReactiveRedisSessionRepository;

import fr.sesame.gateway.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis session repository against a real Redis: what a request writes (nothing, the access time, its changes),
 * how long a copy read from Redis is used, how another replica hears of a change, and that sessions written by
 * Spring Session's own repository (the previous gateway version) and by this one read the same.
 */
class RedisSessionRepositoryTest {

	private static final Duration IDLE = Duration.ofMinutes(30);

	private static final Duration TOUCH = Duration.ofSeconds(30);

	private static LettuceConnectionFactory connections;

	/** As the previous gateway version (Spring Session) read and wrote sessions. */
	private static ReactiveRedisTemplate<String, Object> redis;

	/** As this repository reads and writes them. */
	private static ReactiveRedisTemplate<String, byte[]> raw;

	private static ReactiveStringRedisTemplate strings;

	private static final RedisSerializer<Object> values = new LenientSessionSerializer(
			RedisSessionRepositoryTest.class.getClassLoader());

	private final String namespace = "sesame:gateway-test:repository:" + System.nanoTime();

	@BeforeAll
	static void connect() {
		TestRedis.requireAvailable();
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
		connections.afterPropertiesSet();
		connections.start();
		redis = new ReactiveRedisTemplate<>(connections, RedisSerializationContext.<String, Object>newSerializationContext(values)
			.key(RedisSerializer.string())
			.hashKey(RedisSerializer.string())
			.build());
		raw = new ReactiveRedisTemplate<>(connections, RedisSerializationContext.<String, byte[]>newSerializationContext(RedisSerializer.byteArray())
			.key(RedisSerializer.string())
			.hashKey(RedisSerializer.string())
			.build());
		strings = new ReactiveStringRedisTemplate(connections);
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@Test
	void aRequestThatChangedNothingWritesTheAccessTimeOnlyOnceTheTouchIntervalHasPassed() {
		RedisSessionRepository sessions = repository(new RecentSessions(Duration.ofSeconds(1), 100));
		String id = saved(sessions, "k", "v");
		Instant stored = storedAccessTime(id);

		StoredSession soon = sessions.findById(id).block();
		soon.setLastAccessedTime(stored.plusSeconds(10));
		sessions.save(soon).block();
		assertThat(storedAccessTime(id)).as("10 s later: not written").isEqualTo(stored);

		strings.expire(key(id), Duration.ofMinutes(1)).block();
		StoredSession later = sessions.findById(id).block();
		later.setLastAccessedTime(stored.plus(TOUCH));
		sessions.save(later).block();
		assertThat(storedAccessTime(id)).as("30 s later: written").isEqualTo(stored.plus(TOUCH));
		assertThat(strings.getExpire(key(id)).block()).as("idle expiry renewed").isGreaterThan(Duration.ofMinutes(29));
	}

	@Test
	void aCopyReadFromRedisIsUsedForAtMostTheFreshness() throws InterruptedException {
		RedisSessionRepository sessions = repository(new RecentSessions(Duration.ofMillis(300), 100));
		String id = saved(sessions, "k", "v");
		assertThat(sessions.findById(id).block()).isNotNull();
		long read = System.nanoTime();

		// Deleted behind the repository's back: the copy read just before still serves, for 300 ms from the read.
		strings.delete(key(id)).block();
		StoredSession cached = sessions.findById(id).block();
		long servedAfter = System.nanoTime() - read;
		Thread.sleep(350);

		if (servedAfter < Duration.ofMillis(300).toNanos()) {
			assertThat(cached).isNotNull();
		}
		assertThat(sessions.findById(id).blockOptional()).isEmpty();
	}

	@Test
	void afterTheFreshnessAnUnchangedSessionIsConfirmedNotReadAgain() throws InterruptedException {
		RedisSessionRepository sessions = repository(new RecentSessions(Duration.ofMillis(200), 100));
		String id = saved(sessions, "k", "as written");
		assertThat(sessions.findById(id).block().<String>getAttribute("k")).isEqualTo("as written");

		// Changed behind the repository's back without its version: a replica that only confirms the version keeps
		// its copy (proof that it did not read the session again)...
		raw.opsForHash().put(key(id), SessionHash.ATTRIBUTE_PREFIX + "k", values.serialize("not read")).block();
		Thread.sleep(250);
		assertThat(sessions.findById(id).block().<String>getAttribute("k")).isEqualTo("as written");

		// ...and reads it again as soon as the version says it changed.
		strings.opsForHash().increment(key(id), SessionHash.VERSION, 1).block();
		Thread.sleep(250);
		assertThat(sessions.findById(id).block().<String>getAttribute("k")).isEqualTo("not read");
	}

	@Test
	void sessionsInUseAreConfirmedOffTheRequestPath() throws InterruptedException {
		RecentSessions recent = new RecentSessions(Duration.ofMillis(300), 100);
		RedisSessionRepository sessions = repository(recent);
		String id = saved(sessions, "k", "v");
		assertThat(sessions.findById(id).block()).isNotNull();
		long read = recent.get(id).confirmedAt();
		Thread.sleep(200);

		long confirming = System.nanoTime();
		sessions.confirmInUse(Duration.ofSeconds(1)).block();
		assertThat(recent.get(id).confirmedAt()).isGreaterThanOrEqualTo(confirming);

		// Deleted behind the repository's back: the copy confirmed just before serves its requests without asking
		// Redis, for 300 ms from the confirmation (past the 300 ms since it was read)...
		strings.delete(key(id)).block();
		Thread.sleep(150);
		StoredSession served = sessions.findById(id).block();
		long sinceConfirmation = System.nanoTime() - confirming;
		if (sinceConfirmation < Duration.ofMillis(300).toNanos()) {
			assertThat(served).isNotNull();
			assertThat(System.nanoTime() - read).isGreaterThan(Duration.ofMillis(300).toNanos());
		}
		// ...and the next confirmation forgets it.
		sessions.confirmInUse(Duration.ofSeconds(1)).block();
		assertThat(recent.get(id)).isNull();
		assertThat(sessions.findById(id).blockOptional()).isEmpty();
	}

	@Test
	void aConfirmationForgetsCopiesChangedWithoutNoticeAndLeavesIdleOnesToTheirNextRequest()
			throws InterruptedException {
		RecentSessions recent = new RecentSessions(Duration.ofSeconds(1), 100);
		RedisSessionRepository sessions = repository(recent);
		String unchanged = saved(sessions, "k", "v");
		String changed = saved(sessions, "k", "v");
		String idle = saved(sessions, "k", "v");
		for (String id : List.of(unchanged, changed, idle)) {
			assertThat(sessions.findById(id).block()).isNotNull();
		}
		long idleConfirmedAt = recent.get(idle).confirmedAt();
		long unchangedConfirmedAt = recent.get(unchanged).confirmedAt();
		Thread.sleep(150);
		assertThat(sessions.findById(unchanged).block()).isNotNull();
		assertThat(sessions.findById(changed).block()).isNotNull();
		// Changed by another replica whose notification was lost.
		strings.opsForHash().increment(key(changed), SessionHash.VERSION, 1).block();

		sessions.confirmInUse(Duration.ofMillis(100)).block();

		assertThat(recent.get(changed)).as("changed: forgotten, read again by its next request").isNull();
		assertThat(recent.get(unchanged).confirmedAt()).as("in use: confirmed").isGreaterThan(unchangedConfirmedAt);
		assertThat(recent.get(idle).confirmedAt()).as("idle for 150 ms: left to its next request")
			.isEqualTo(idleConfirmedAt);
	}

	@Test
	void aCopyFoundChangedDoesNotKeepTheOthersOfTheSameReadFromBeingConfirmed() {
		RecentSessions recent = new RecentSessions(Duration.ofSeconds(1), 100);
		RedisSessionRepository sessions = repository(recent);
		// "Aa" and "BB" have the same hash code: the two ids share everything keyed by it.
		String changed = savedAs(sessions, "stripe-Aa");
		String unchanged = savedAs(sessions, "stripe-BB");
		assertThat(changed.hashCode()).isEqualTo(unchanged.hashCode());
		// Read once into this replica's copies, then used from them (in this order).
		for (String id : List.of(changed, unchanged, changed, unchanged)) {
			assertThat(sessions.findById(id).block()).isNotNull();
		}
		long unchangedConfirmedAt = recent.get(unchanged).confirmedAt();
		strings.opsForHash().increment(key(changed), SessionHash.VERSION, 1).block();

		sessions.confirmInUse(Duration.ofSeconds(1)).block();

		assertThat(recent.get(changed)).isNull();
		assertThat(recent.get(unchanged).confirmedAt()).isGreaterThan(unchangedConfirmedAt);
	}

	@Test
	void aChangeIsWrittenAndTheOtherReplicasForgetTheirCopyAtOnce() throws InterruptedException {
		RecentSessions otherReplica = new RecentSessions(Duration.ofSeconds(1), 100);
		RedisSessionRepository here = repository(new RecentSessions(Duration.ofSeconds(1), 100));
		RedisSessionRepository there = repository(otherReplica);
		SessionChanges changes = new SessionChanges(strings, this.namespace, otherReplica);
		changes.start();
		try {
			awaitListening(otherReplica);
			String id = saved(here, "token", "first");
			assertThat(there.findById(id).block().<String>getAttribute("token")).isEqualTo("first");
			assertThat(otherReplica.get(id)).as("cached there").isNotNull();

			StoredSession session = here.findById(id).block();
			session.setAttribute("token", "second");
			here.save(session).block();

			long deadline = System.nanoTime() + Duration.ofMillis(500).toNanos();
			while (otherReplica.get(id) != null && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
			assertThat(otherReplica.get(id)).as("forgotten there long before its freshness").isNull();
			assertThat(there.findById(id).block().<String>getAttribute("token")).isEqualTo("second");
		}
		finally {
			changes.stop();
		}
	}

	@Test
	void aSessionDeletedWhileARequestHeldItIsNotBroughtBack() {
		RedisSessionRepository sessions = repository(new RecentSessions(Duration.ofSeconds(1), 100));
		String id = saved(sessions, "k", "v");
		StoredSession inFlight = sessions.findById(id).block();

		sessions.deleteById(id).block();
		inFlight.setAttribute("k", "changed by the request in flight");
		inFlight.setLastAccessedTime(Instant.now().plus(TOUCH));
		sessions.save(inFlight).block();

		assertThat(strings.hasKey(key(id)).block()).isFalse();
		assertThat(sessions.findById(id).blockOptional()).isEmpty();
	}

	@Test
	void aNewSessionIdMovesTheSession() {
		RedisSessionRepository sessions = repository(new RecentSessions(Duration.ofSeconds(1), 100));
		String id = saved(sessions, "k", "v");
		StoredSession session = sessions.findById(id).block();

		String newId = session.changeSessionId();
		sessions.save(session).block();

		assertThat(strings.hasKey(key(id)).block()).isFalse();
		assertThat(sessions.findById(id).blockOptional()).isEmpty();
		assertThat(sessions.findById(newId).block().<String>getAttribute("k")).isEqualTo("v");
	}

	@Test
	@SuppressWarnings({ "unchecked", "rawtypes" })
	void sessionsReadTheSameAsWithSpringSessionsRepository() {
		ReactiveRedisSessionRepository previousVersion = new ReactiveRedisSessionRepository(redis);
		previousVersion.setRedisKeyNamespace(this.namespace);
		// Its session class is not public: used through the interface.
		ReactiveSessionRepository<Session> springSession = (ReactiveSessionRepository) previousVersion;
		Session written = springSession.createSession().block();
		written.setAttribute("roles", List.of("agent"));
		springSession.save(written).block();
		RedisSessionRepository sessions = repository(new RecentSessions(Duration.ZERO, 0));

		StoredSession read = sessions.findById(written.getId()).block();
		assertThat(read.<List<String>>getAttribute("roles")).containsExactly("agent");
		assertThat(read.getCreationTime()).isEqualTo(written.getCreationTime().truncatedTo(ChronoUnit.MILLIS));

		String ours = saved(sessions, "commune", "rivebelle");
		assertThat(springSession.findById(ours).block().<String>getAttribute("commune")).isEqualTo("rivebelle");
	}

	/** Until the subscription is active: probe messages are published until one evicts a probe entry. */
	private void awaitListening(RecentSessions listener) throws InterruptedException {
		MapSession probe = new MapSession("probe-" + System.nanoTime());
		for (int i = 0; i < 100; i++) {
			listener.put(probe, new RecentSessions.StoredVersion(null, null), System.nanoTime(), listener.stamp(probe.getId()));
			strings.convertAndSend(SessionChanges.channel(this.namespace), probe.getId()).block();
			Thread.sleep(50);
			if (listener.get(probe.getId()) == null) {
				return;
			}
		}
		throw new AssertionError("the session change notifications never arrived");
	}

	private RedisSessionRepository repository(RecentSessions recent) {
		return new RedisSessionRepository(raw, values, recent, this.namespace, IDLE, TOUCH);
	}

	private static String saved(RedisSessionRepository sessions, String attribute, Object value) {
		StoredSession session = sessions.createSession().block();
		session.setAttribute(attribute, value);
		sessions.save(session).block();
		return session.getId();
	}

	private static String savedAs(RedisSessionRepository sessions, String id) {
		StoredSession session = new StoredSession(new MapSession(id), false);
		session.setAttribute("k", "v");
		sessions.save(session).block();
		return id;
	}

	private Instant storedAccessTime(String id) {
		byte[] millis = raw.<String, byte[]>opsForHash().get(key(id), SessionHash.LAST_ACCESSED_TIME).block();
		return Instant.ofEpochMilli((Long) values.deserialize(millis));
	}

	private String key(String id) {
		return this.namespace + ":sessions:" + id;
	}

}
