package fr.sesame.auth.throttle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.directory.commune.Commune;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle's decisions as a pure function of time and failures. */
class LoginThrottleTest {

	private static final Commune COMMUNE = new Commune("rivebelle", "Rivebelle", List.of("rivebelle.fr"), Map.of(), 5,
			Duration.ofMinutes(30));

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T08:00:00Z"));

	private final LoginThrottle throttle = new LoginThrottle(new InMemoryFailedAttempts(this.clock),
			new ThrottleProperties(Duration.ofSeconds(1), Duration.ofSeconds(30), 20, Duration.ofMinutes(15)),
			this.clock);

	@Test
	void delayDoublesAfterEachFailure() {
		this.throttle.recordFailure(COMMUNE, "jdupont", "192.0.2.1");
		assertThat(this.throttle.check(COMMUNE, "jdupont", "192.0.2.1").retryAfter()).isEqualTo(Duration.ofSeconds(1));
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(this.throttle.check(COMMUNE, "jdupont", "192.0.2.1").allowed()).isTrue();

		this.throttle.recordFailure(COMMUNE, "jdupont", "192.0.2.1");
		assertThat(this.throttle.check(COMMUNE, "jdupont", "192.0.2.1").retryAfter()).isEqualTo(Duration.ofSeconds(2));
		this.clock.advance(Duration.ofSeconds(2));
		this.throttle.recordFailure(COMMUNE, "jdupont", "192.0.2.1");
		assertThat(this.throttle.check(COMMUNE, "jdupont", "192.0.2.1").retryAfter()).isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void accountIsRefusedForTheLockoutWindowOnceOneFailureShortOfTheThreshold() {
		for (int i = 0; i < 4; i++) {
			this.throttle.recordFailure(COMMUNE, "jdupont", "192.0.2.1");
			this.clock.advance(Duration.ofMinutes(1));
		}
		ThrottleDecision decision = this.throttle.check(COMMUNE, "JDupont", "192.0.2.99");
		assertThat(decision.allowed()).isFalse();
		assertThat(decision.retryAfter()).isEqualTo(Duration.ofMinutes(29));
		this.clock.advance(Duration.ofMinutes(29));
		assertThat(this.throttle.check(COMMUNE, "jdupont", "192.0.2.1").allowed()).isTrue();
	}

	@Test
	void clientIpIsRefusedAfterTooManyFailuresAcrossAccounts() {
		for (int i = 0; i < 20; i++) {
			this.throttle.recordFailure(COMMUNE, "agent" + i, "198.51.100.7");
		}
		assertThat(this.throttle.check(COMMUNE, "someone-else", "198.51.100.7").allowed()).isFalse();
		assertThat(this.throttle.check(COMMUNE, "someone-else", "198.51.100.8").allowed()).isTrue();
	}

	@Test
	void successClearsTheAccountButNotTheAddress() {
		this.throttle.recordFailure(COMMUNE, "jdupont", "192.0.2.1");
		this.throttle.recordSuccess(COMMUNE, "jdupont");
		assertThat(this.throttle.check(COMMUNE, "jdupont", "192.0.2.1").allowed()).isTrue();
	}

	@Test
	void anEntryKeepsItsFailuresWhicheverNameEachAttemptUsed() {
		String entry = "5a1d0000-0000-4000-8000-000000000001";
		for (int i = 0; i < 4; i++) {
			LoginThrottle.AccountGuard guard = this.throttle.accountGuard(COMMUNE);
			assertThat(guard.allows(entry)).as("failure %d", i + 1).isTrue();
			guard.bound(entry, false);
			this.clock.advance(Duration.ofMinutes(1));
		}

		LoginThrottle.AccountGuard fifth = this.throttle.accountGuard(COMMUNE);
		assertThat(fifth.allows(entry)).isFalse();
		assertThat(fifth.refusal()).hasValueSatisfying(
				(decision) -> assertThat(decision.retryAfter()).isEqualTo(Duration.ofMinutes(29)));
		assertThat(this.throttle.accountGuard(COMMUNE).allows("another-entry")).isTrue();
	}

	@Test
	void theRightPasswordClearsTheEntry() {
		LoginThrottle.AccountGuard guard = this.throttle.accountGuard(COMMUNE);
		guard.bound("entry-1", false);
		guard.bound("entry-1", true);
		assertThat(this.throttle.accountGuard(COMMUNE).allows("entry-1")).isTrue();
		assertThat(guard.refusal()).isEmpty();
	}

	static final class MutableClock extends Clock {

		private Instant now;

		MutableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
