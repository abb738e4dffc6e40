package fr.sesame.auth.audit;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Deletes audit entries older than {@code sesame.audit.retention}, every {@code trim-interval}, on its own thread.
 * Every replica runs it: a trim already done by another one changes nothing.
 */
public final class AuditRetention implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(AuditRetention.class);

	private final AuditStore store;

	private final Duration retention;

	private final Duration interval;

	private final Clock clock;

	private ScheduledExecutorService executor;

	public AuditRetention(AuditStore store, Duration retention, Duration interval, Clock clock) {
		this.store = store;
		this.retention = retention;
		this.interval = interval;
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "audit-retention");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::trim, millis, millis, TimeUnit.MILLISECONDS);
	}

	void trim() {
		try {
			long trimmed = this.store.trimBefore(this.clock.instant().minus(this.retention));
			if (trimmed > 0) {
				logger.info("Audit trail retention: {} entries older than {} deleted", trimmed, this.retention);
			}
		}
		catch (RuntimeException ex) {
			// Kept longer is no harm; the next run tries again.
			logger.warn("Audit trail retention could not run: {}", ex.toString());
		}
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
