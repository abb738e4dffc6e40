package fr.sesame.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;

/**
 * The audit trail's summary of client_credentials grants: one {@code TOKEN_ISSUED} entry per client and interval
 * (a minute by default) with the count, instead of one per token. A batch client at a thousand grants a second would
 * otherwise write 86 million entries a day into a trail kept for months, and pay an entry's hash-chain append on every
 * grant. Agents' tokens keep one entry each: they are few per sign-in and say who received what. What is counted when
 * the process stops is written then.
 */
public final class ClientGrantSummaries implements SmartLifecycle {

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	private final AuditTrail audit;

	private final Duration interval;

	private final Clock clock;

	private ScheduledExecutorService schedule;

	public ClientGrantSummaries(AuditTrail audit, Duration interval, Clock clock) {
		this.audit = audit;
		this.interval = interval;
		this.clock = clock;
	}

	/** One more token issued to the client. */
	public void issued(String clientId) {
		// compute() holds the entry while counting, so that a flush taking it away never loses a count.
		this.windows.compute(clientId, (id, window) -> {
			Window counting = (window != null) ? window : new Window(this.clock.instant());
			counting.count++;
			return counting;
		});
	}

	/** Writes one entry per client that received tokens since the last flush. */
	public void flush() {
		Instant now = this.clock.instant();
		for (String clientId : List.copyOf(this.windows.keySet())) {
			Window window = this.windows.remove(clientId);
			if (window != null) {
				Map<String, Object> data = new LinkedHashMap<>();
				data.put("client", clientId);
				data.put("grant", "client_credentials");
				data.put("token", "access_token");
				data.put("count", Long.toString(window.count));
				data.put("from", window.from.toString());
				data.put("to", now.toString());
				this.audit.record(clientId, AuditEventType.TOKEN_ISSUED, data);
			}
		}
	}

	@Override
	public synchronized void start() {
		this.schedule = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "client-grant-summaries");
			thread.setDaemon(true);
			return thread;
		});
		long period = this.interval.toMillis();
		this.schedule.scheduleAtFixedRate(this::flush, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.schedule != null) {
			this.schedule.shutdown();
			this.schedule = null;
		}
		flush();
	}

	@Override
	public synchronized boolean isRunning() {
		return this.schedule != null;
	}

	private static final class Window {

		private final Instant from;

		private long count;

		Window(Instant from) {
			this.from = from;
		}

	}

}
