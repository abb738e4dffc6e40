package fr.sesame.auth.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import fr.sesame.auth.throttle.FailedAttempts.Attempts;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.connector.BindGuard;

/**
 * Decides whether a sign-in attempt may reach a commune's directory. An account may fail at most one time less than
 * the commune's own lockout threshold within its lockout window, so Sésame never locks an account in the directory;
 * between failures the agent waits a delay that doubles each time; a client IP that fails too often, whatever the
 * accounts, is refused as a whole. Failures are counted under the name typed, unknown logins exactly like known ones,
 * and for a known account under its directory entry as well ({@link AccountGuard}), so that its several names share
 * one allowance.
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
		return decide(commune, this.attempts.get(loginKey(commune, login)), now);
	}

	/** Records a failed bind (wrong password or unknown login) under the name typed and for the client IP. */
	public void recordFailure(Commune commune, String login, String clientIp) {
		Instant now = this.clock.instant();
		this.attempts.recordFailure(loginKey(commune, login), now, commune.lockoutWindow());
		this.attempts.recordFailure(ipKey(clientIp), now, this.properties.ipWindow());
	}

	/** A successful sign-in clears the failures of the name typed, not the IP's. */
	public void recordSuccess(Commune commune, String login) {
		this.attempts.reset(loginKey(commune, login));
	}

	/**
	 * The same rules for the directory entry a name led to, whatever the name: a guard for one sign-in attempt,
	 * which keeps the refusal for the error page.
	 */
	public AccountGuard accountGuard(Commune commune) {
		return new AccountGuard(commune);
	}

	private ThrottleDecision decide(Commune commune, Attempts account, Instant now) {
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

	/**
	 * Counts failed binds per directory entry. Asked only once the entry is found, so a refusal here comes after a
	 * search, not before any contact: someone who already spent an account's allowance under one name learns, by
	 * a faster refusal under another, that both name the same account. Being able to lock agents out through
	 * Sésame under their several names would be worse.
	 */
	public final class AccountGuard implements BindGuard {

		private final Commune commune;

		private ThrottleDecision refusal;

		AccountGuard(Commune commune) {
			this.commune = commune;
		}

		@Override
		public boolean allows(String account) {
			ThrottleDecision decision = decide(this.commune, attempts.get(entryKey(this.commune, account)),
					clock.instant());
			this.refusal = decision.allowed() ? null : decision;
			return decision.allowed();
		}

		@Override
		public void bound(String account, boolean passwordAccepted) {
			String key = entryKey(this.commune, account);
			if (passwordAccepted) {
				attempts.reset(key);
			}
			else {
				attempts.recordFailure(key, clock.instant(), this.commune.lockoutWindow());
			}
		}

		/** Why {@link #allows} said no, if it did. */
		public Optional<ThrottleDecision> refusal() {
			return Optional.ofNullable(this.refusal);
		}

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

	private static String loginKey(Commune commune, String login) {
		return "account:" + commune.id() + ":" + login.toLowerCase(Locale.ROOT);
	}

	private static String entryKey(Commune commune, String account) {
		return "entry:" + commune.id() + ":" + account;
	}

	private static String ipKey(String clientIp) {
		return "ip:" + clientIp;
	}

}
