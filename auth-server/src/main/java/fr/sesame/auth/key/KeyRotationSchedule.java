package fr.sesame.auth.key;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Refreshes the {@link SigningKeys} at a fixed interval on its own thread, so that every replica sees keys
 * created by another one and rotation happens without a restart. Owns its thread rather than relying on
 * application-wide {@code @EnableScheduling}.
 */
public final class KeyRotationSchedule implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(KeyRotationSchedule.class);

	private final SigningKeys keys;

	private final Duration interval;

	private ScheduledExecutorService executor;

	public KeyRotationSchedule(SigningKeys keys, Duration interval) {
		this.keys = keys;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "signing-key-rotation");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.executor.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
	}

	private void refresh() {
		try {
			this.keys.refresh();
		}
		catch (RuntimeException ex) {
			// The current keys keep signing; the retention margin covers a few missed refreshes.
			logger.warn("Signing keys could not be refreshed, keeping the current ones: {}", ex.toString());
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
