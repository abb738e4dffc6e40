package fr.sesame.auth.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import fr.sesame.auth.throttle.FailedAttempts.Attempts;
import fr.sesame.directory.commune.Commune;

/**
 * Decides whether a sign-in attempt may reach a commune's directory. An account may fail at most one time less than
 * the commune's own lockout threshold within its lockout window, so Sésame never locks an account in the directory;
 * between failures the agent waits a delay that doubles each time; a client IP that fails too often, whatever the
 * accounts, is refused as a whole. Unknown logins are counted exactly like known ones, so throttling reveals nothing.
 */
public final class LoginThrottle {

	private final FailedAttempts attempts;

	private final ThrottleProperties properties;

	private final Clock clock;

	public LoginThrottle(FailedAttempts attempts, ThrottleProperties properties, Clock clock) {
		this.attempts = attempts;
		this.properties = properties;
		this.clock = clock;
	}

	public ThrottleDecision check(Commune commune, String login, String clientIp) {
		Instant now = this.clock.instant();
		Attempts ip = this.attempts.get(ipKey(clientIp));
		if (ip.count() >= this.properties.ipMaxFailures()) {
			return ThrottleDecision.refuseFor(remaining(ip.lastFailure().plus(this.properties.ipWindow()), now));
		}
		Attempts account = this.attempts.get(accountKey(commune, login));
		if (account.count() == 0) {
			return ThrottleDecision.ALLOW;
		}
		if (account.count() >= maxFailures(commune)) {
			return ThrottleDecision.refuseFor(remaining(account.lastFailure().plus(commune.lockoutWindow()), now));
		}
		Instant nextAllowed = account.lastFailure().plus(delayAfter(account.count()));
		return now.isBefore(nextAllowed) ? ThrottleDecision.refuseFor(remaining(nextAllowed, now))
				: ThrottleDecision.ALLOW;
	}

	/** Records a failed bind (wrong password or unknown login). */
	public void recordFailure(Commune commune, String login, String clientIp) {
		Instant now = this.clock.instant();
		this.attempts.recordFailure(accountKey(commune, login), now, commune.lockoutWindow());
		this.attempts.recordFailure(ipKey(clientIp), now, this.properties.ipWindow());
	}

	/** A successful sign-in clears the account's failures, not the IP's. */
	public void recordSuccess(Commune commune, String login) {
		this.attempts.reset(accountKey(commune, login));
	}

	/** Failed binds Sésame allows before it stops contacting the directory for that account. */
	static long maxFailures(Commune commune) {
		return Math.max(1, commune.lockoutThreshold() - 1);
	}

	private Duration delayAfter(long failures) {
		long factor = 1L << Math.min(failures - 1, 20);
		Duration delay = this.properties.baseDelay().multipliedBy(factor);
		return (delay.compareTo(this.properties.maxDelay()) > 0) ? this.properties.maxDelay() : delay;
	}

	private static Duration remaining(Instant until, Instant now) {
		Duration remaining = Duration.between(now, until);
		// Round up to whole seconds: the agent is told a number of seconds and must not be refused again on time.
		long seconds = Math.max(1, (remaining.toMillis() + 999) / 1000);
		return Duration.ofSeconds(seconds);
	}

	private static String accountKey(Commune commune, String login) {
		return "account:" + commune.id() + ":" + login.toLowerCase(Locale.ROOT);
	}

	private static String ipKey(String clientIp) {
		return "ip:" + clientIp;
	}

}
