package fr.sesame.auth.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For the single-process demo. Expired keys are purged as new failures arrive so that a password-spraying run
 * cannot grow the map without bound.
 */
public final class InMemoryFailedAttempts implements FailedAttempts {

	private static final int PURGE_THRESHOLD = 10_000;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemoryFailedAttempts(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Attempts get(String key) {
		Entry entry = this.entries.get(key);
		if (entry == null || entry.isExpired(this.clock.instant())) {
			return Attempts.NONE;
		}
		return entry.attempts();
	}

	@Override
	public Attempts recordFailure(String key, Instant now, Duration window) {
		if (this.entries.size() > PURGE_THRESHOLD) {
			this.entries.values().removeIf((entry) -> entry.isExpired(now));
		}
		return this.entries
			.compute(key, (k, previous) -> {
				long count = (previous == null || previous.isExpired(now)) ? 1 : previous.attempts().count() + 1;
				return new Entry(new Attempts(count, now), now.plus(window));
			})
			.attempts();
	}

	@Override
	public void reset(String key) {
		this.entries.remove(key);
	}

	private record Entry(Attempts attempts, Instant expiresAt) {

		boolean isExpired(Instant now) {
			return !now.isBefore(this.expiresAt);
		}

	}

}
