package fr.sesame.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.InMemoryWebSessionStore;
import org.springframework.web.server.session.WebSessionStore;

/**
 * The gateway's sessions in this process ({@code sesame.store.type=memory}): Spring's in-memory store, whose sessions
 * last {@code server.reactive.session.timeout} without activity, and which refuses every new session once it holds
 * {@code maxSessions}, a 500 for every newcomer. Any anonymous request to an application starts a session (the
 * request to return to, the sign-in's state), so a flood of them would lock everybody out for the idle timeout: when
 * the store is nine tenths full, the oldest of the sessions nobody has signed in to, a tenth of the store, are ended
 * first. Signed-in sessions are never ended here.
 */
final class InMemorySessionStore implements WebSessionStore {

	private static final Logger logger = LoggerFactory.getLogger(InMemorySessionStore.class);

	private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

	private final InMemoryWebSessionStore sessions = new InMemoryWebSessionStore();

	private final int maxSessions;

	private final Duration idleTimeout;

	private final Counter evicted;

	private final Clock clock;

	private Instant lastWarning = Instant.MIN;

	InMemorySessionStore(int maxSessions, Duration idleTimeout, MeterRegistry meters, Clock clock) {
		this.sessions.setMaxSessions(maxSessions);
		this.sessions.setClock(clock);
		this.maxSessions = maxSessions;
		this.idleTimeout = idleTimeout;
		this.evicted = Counter.builder("sesame.gateway.sessions.pending.evicted")
			.description("Sessions nobody had signed in to, ended to make room in the full in-memory store")
			.register(meters);
		this.clock = clock;
	}

	@Override
	public Mono<WebSession> createWebSession() {
		return Flux.defer(() -> Flux.fromIterable(oldestPendingIfFull()))
			.concatMap((session) -> this.sessions.removeSession(session.getId()))
			.then(this.sessions.createWebSession())
			.doOnNext((session) -> session.setMaxIdleTime(this.idleTimeout));
	}

	@Override
	public Mono<WebSession> retrieveSession(String sessionId) {
		return this.sessions.retrieveSession(sessionId);
	}

	@Override
	public Mono<Void> removeSession(String sessionId) {
		return this.sessions.removeSession(sessionId);
	}

	@Override
	public Mono<WebSession> updateLastAccessTime(WebSession webSession) {
		return this.sessions.updateLastAccessTime(webSession);
	}

	// Nine tenths full rather than full: requests under way between this check and their session's first save
	// would otherwise still meet Spring's refusal. One scan per tenth of the store under a flood, not per request.
	private synchronized List<WebSession> oldestPendingIfFull() {
		if (this.sessions.getSessions().size() < this.maxSessions - this.maxSessions / 10) {
			return List.of();
		}
		List<WebSession> oldestPending = this.sessions.getSessions()
			.values()
			.stream()
			.filter((session) -> !session.getAttributes()
				.containsKey(WebSessionServerSecurityContextRepository.DEFAULT_SPRING_SECURITY_CONTEXT_ATTR_NAME))
			.sorted(Comparator.comparing(WebSession::getCreationTime))
			.limit(Math.max(1, this.maxSessions / 10))
			.toList();
		this.evicted.increment(oldestPending.size());
		Instant now = this.clock.instant();
		if (!oldestPending.isEmpty() && !now.isBefore(this.lastWarning.plus(WARNING_INTERVAL))) {
			this.lastWarning = now;
			logger.warn("The in-memory session store was nine tenths full (of {} sessions, "
					+ "sesame.gateway.session.max-in-memory): ending the {} oldest that nobody had signed in to; many "
					+ "anonymous requests (a flood?)",
					this.maxSessions, oldestPending.size());
		}
		return oldestPending;
	}

}
