package fr.sesame.auth.throttle;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts failed sign-in attempts per key (an account or a client IP), shared by every replica when Redis is
 * configured. A key is forgotten {@code window} after its last failure.
 */
public interface FailedAttempts {

	/** The failures recorded for the key, or {@link Attempts#NONE}. */
	Attempts get(String key);

	/** Records one failure at {@code now} and returns the new state. */
	Attempts recordFailure(String key, Instant now, Duration window);

	void reset(String key);

	/**
	 * @param count failures since the key was last reset or forgotten
	 * @param lastFailure when the last one happened; {@code null} when count is 0
	 */
	record Attempts(long count, Instant lastFailure) {

		public static final Attempts NONE = new Attempts(0, null);

	}

}
