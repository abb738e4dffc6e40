package fr.sesame.gateway.ratelimit;

/**
 * The answer for one request against one bucket.
 *
 * @param allowed whether the request may proceed
 * @param retryAfterSeconds when refused, how long until a token is back (the {@code Retry-After} value)
 */
public record Quota(boolean allowed, long retryAfterSeconds) {

	public static Quota allow() {
		return new Quota(true, 0);
	}

}
