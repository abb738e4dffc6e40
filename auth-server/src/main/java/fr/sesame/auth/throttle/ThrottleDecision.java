package fr.sesame.auth.throttle;

import java.time.Duration;

/**
 * Whether a sign-in attempt may reach the directory.
 *
 * @param allowed true when it may
 * @param retryAfter when refused, how long the agent should wait; zero when allowed
 */
public record ThrottleDecision(boolean allowed, Duration retryAfter) {

	public static final ThrottleDecision ALLOW = new ThrottleDecision(true, Duration.ZERO);

	public static ThrottleDecision refuseFor(Duration retryAfter) {
		return new ThrottleDecision(false, retryAfter);
	}

}
