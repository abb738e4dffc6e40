package fr.sesame.auth.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code maxPending} sessions that nobody has signed in to are kept in this process: one more ends the
 * oldest of them. Any anonymous request to the login page or the authorization endpoint creates such a session; with
 * the stores in memory each one lives in the heap for the sign-in timeout, so without a bound a flood of anonymous
 * requests would fill the heap and take every signed-in agent down with it. Signed-in sessions are never ended here:
 * a session leaves the pending ones when its id changes, which Spring Security does on every sign-in.
 * <p>
 * Servlet-container sessions only ({@code sesame.store.type=memory}); in Redis they are bounded by its memory.
 */
final class PendingSessionCap implements HttpSessionListener, HttpSessionIdListener {

	private static final Logger logger = LoggerFactory.getLogger(PendingSessionCap.class);

	private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

	private final int maxPending;

	private final Counter evicted;

	private final Clock clock;

	// Oldest first; a session's id changes at sign-in, so a pending session is found by the id it was created with.
	private final Map<String, HttpSession> pending = new LinkedHashMap<>();

	private Instant lastWarning = Instant.MIN;

	private long evictedSinceWarning;

	PendingSessionCap(int maxPending, MeterRegistry meters, Clock clock) {
		this.maxPending = maxPending;
		this.evicted = Counter.builder("sesame.sessions.pending.evicted")
			.description("Sessions nobody had signed in to, ended to keep under sesame.login.sessions.max-pending")
			.register(meters);
		this.clock = clock;
	}

	@Override
	public void sessionCreated(HttpSessionEvent event) {
		HttpSession oldest = null;
		synchronized (this.pending) {
			this.pending.put(event.getSession().getId(), event.getSession());
			if (this.pending.size() > this.maxPending) {
				Iterator<HttpSession> sessions = this.pending.values().iterator();
				oldest = sessions.next();
				sessions.remove();
			}
		}
		if (oldest != null) {
			end(oldest);
		}
	}

	@Override
	public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		forget(oldSessionId);
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		forget(event.getSession().getId());
	}

	private void forget(String sessionId) {
		synchronized (this.pending) {
			this.pending.remove(sessionId);
		}
	}

	private void end(HttpSession oldest) {
		try {
			oldest.invalidate();
		}
		catch (IllegalStateException alreadyInvalidated) {
			// It expired or was ended meanwhile: gone either way.
		}
		this.evicted.increment();
		warnAtMostEveryMinute();
	}

	private void warnAtMostEveryMinute() {
		long count;
		synchronized (this) {
			this.evictedSinceWarning++;
			Instant now = this.clock.instant();
			if (now.isBefore(this.lastWarning.plus(WARNING_INTERVAL))) {
				return;
			}
			count = this.evictedSinceWarning;
			this.evictedSinceWarning = 0;
			this.lastWarning = now;
		}
		logger.warn("Ended {} session(s) that nobody had signed in to, the oldest, to stay within "
				+ "sesame.login.sessions.max-pending={}: many anonymous requests to the login page or the "
				+ "authorization endpoint (a flood?); signed-in sessions are not affected", count, this.maxPending);
	}

}
