package fr.sesame.auth.mfa.throttle;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.mfa.MfaProperties.ThrottleSettings;
import fr.sesame.auth.store.TestClock;
import fr.sesame.auth.store.TestRedis;
import fr.sesame.auth.throttle.FailedAttempts;
import fr.sesame.auth.throttle.InMemoryFailedAttempts;
import fr.sesame.auth.throttle.RedisFailedAttempts;
import fr.sesame.auth.throttle.ThrottleDecision;

import static org.assertj.core.api.Assertions.assertThat;

class SecondFactorThrottleTest {

	private static final String SUB = "rivebelle:5c1e0b7a";

	private final TestClock clock = new TestClock(Instant.parse("2026-11-30T09:00:00Z"));

	private final FailedAttempts attempts = new InMemoryFailedAttempts(this.clock);

	private final SecondFactorThrottle throttle = new SecondFactorThrottle(this.attempts,
			new ThrottleSettings(5, Duration.ofMinutes(15)), this.clock);

	@Test
	void refusesAfterMaxFailuresUntilTheWindowHasPassed() {
		for (int i = 0; i < 4; i++) {
			this.throttle.recordFailure(SUB);
			assertThat(this.throttle.check(SUB)).isEqualTo(ThrottleDecision.ALLOW);
			this.clock.advance(Duration.ofMinutes(1));
		}
		this.throttle.recordFailure(SUB);
		ThrottleDecision refused = this.throttle.check(SUB);
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(15));

		this.clock.advance(Duration.ofMinutes(10).plusMillis(1));
		// Rounded up to whole seconds, so that the agent is not refused again on time.
		assertThat(this.throttle.check(SUB).retryAfter()).isEqualTo(Duration.ofMinutes(5));
		this.clock.advance(Duration.ofMinutes(5));
		assertThat(this.throttle.check(SUB)).isEqualTo(ThrottleDecision.ALLOW);
	}

	@Test
	void successClearsTheFailures() {
		for (int i = 0; i < 4; i++) {
			this.throttle.recordFailure(SUB);
		}
		this.throttle.recordSuccess(SUB);
		for (int i = 0; i < 4; i++) {
			this.throttle.recordFailure(SUB);
		}
		assertThat(this.throttle.check(SUB).allowed()).isTrue();
	}

	@Test
	void countersAreApartFromPasswordFailuresAndOtherAgents() {
		// What LoginThrottle writes for a wrong password: account and IP keys.
		for (int i = 0; i < 10; i++) {
			this.attempts.recordFailure("account:rivebelle:jdupont", this.clock.instant(), Duration.ofMinutes(30));
			this.attempts.recordFailure("ip:192.0.2.1", this.clock.instant(), Duration.ofMinutes(15));
		}
		assertThat(this.throttle.check(SUB).allowed()).isTrue();

		for (int i = 0; i < 5; i++) {
			this.throttle.recordFailure(SUB);
		}
		assertThat(this.throttle.check(SUB).allowed()).isFalse();
		assertThat(this.throttle.check("montclair:other-agent").allowed()).isTrue();
		assertThat(this.attempts.get("mfa:" + SUB).count()).isEqualTo(5);
		assertThat(this.attempts.get("account:rivebelle:jdupont").count()).isEqualTo(10);
		this.throttle.recordSuccess(SUB);
		assertThat(this.attempts.get("account:rivebelle:jdupont").count()).isEqualTo(10);
	}

	@Test
	void sharedByReplicasThroughRedis() {
		try (TestRedis redis = new TestRedis()) {
			SecondFactorThrottle one = new SecondFactorThrottle(new RedisFailedAttempts(redis.template(), redis.prefix()),
					new ThrottleSettings(3, Duration.ofMinutes(15)), this.clock);
			SecondFactorThrottle other = new SecondFactorThrottle(
					new RedisFailedAttempts(redis.anotherClient(), redis.prefix()),
					new ThrottleSettings(3, Duration.ofMinutes(15)), this.clock);
			one.recordFailure(SUB);
			other.recordFailure(SUB);
			assertThat(one.check(SUB).allowed()).isTrue();
			one.recordFailure(SUB);
			assertThat(other.check(SUB).allowed()).isFalse();
			assertThat(other.check(SUB).retryAfter()).isEqualTo(Duration.ofMinutes(15));
			assertThat(redis.keys()).containsExactly(redis.prefix() + "throttle:mfa:" + SUB);
			other.recordSuccess(SUB);
			assertThat(one.check(SUB).allowed()).isTrue();
		}
	}

}
