package fr.sesame.auth.mfa.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import fr.sesame.auth.mfa.MfaProperties.ThrottleSettings;
import fr.sesame.auth.throttle.FailedAttempts;
import fr.sesame.auth.throttle.FailedAttempts.Attempts;
import fr.sesame.auth.throttle.ThrottleDecision;

/**
 * Limits wrong second-factor codes (TOTP or recovery) per agent: after {@code max-failures} within the window the
 * agent waits until the window has passed since the last failure. A six-digit code with a window of one step has
 * three chances in a million per guess; this keeps an attacker who has the password far from a million guesses.
 * Counters live in the same store as password failures, under keys of their own ({@code mfa:<sub>}), so that wrong
 * passwords and wrong codes never add up.
 */
public final class SecondFactorThrottle {

	private final FailedAttempts attempts;

	private final ThrottleSettings settings;

	private final Clock clock;

	public SecondFactorThrottle(FailedAttempts attempts, ThrottleSettings settings, Clock clock) {
		this.attempts = attempts;
		this.settings = settings;
		this.clock = clock;
	}

	/** Whether the agent may try a code now; when refused, how long to wait (whole seconds, rounded up). */
	public ThrottleDecision check(String sub) {
		Attempts failures = this.attempts.get(key(sub));
		if (failures.count() < this.settings.maxFailures()) {
			return ThrottleDecision.ALLOW;
		}
		Duration remaining = Duration.between(this.clock.instant(),
				failures.lastFailure().plus(this.settings.window()));
		// Round up: the agent is told a number of seconds and must not be refused again on time.
		return ThrottleDecision.refuseFor(Duration.ofSeconds(Math.max(1, (remaining.toMillis() + 999) / 1000)));
	}

	public void recordFailure(String sub) {
		Instant now = this.clock.instant();
		this.attempts.recordFailure(key(sub), now, this.settings.window());
	}

	/** A verified factor clears the agent's failures. */
	public void recordSuccess(String sub) {
		this.attempts.reset(key(sub));
	}

	static String key(String sub) {
		return "mfa:" + sub;
	}

}
