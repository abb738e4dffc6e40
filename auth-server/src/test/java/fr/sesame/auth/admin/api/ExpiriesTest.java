package fr.sesame.auth.admin.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.role.RoleProperties;
import fr.sesame.auth.store.TestClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ExpiriesTest {

	private final TestClock clock = new TestClock(Instant.parse("2026-12-06T12:00:00Z"));

	private final Expiries expiries = new Expiries(
			new RoleProperties(ZoneId.of("Europe/Paris"), Duration.ofDays(3650), 5000), this.clock);

	@Test
	void aDateGrantsThroughThatDayInTheConfiguredZone() {
		assertThat(this.expiries.parse("2027-06-30")).isEqualTo(Instant.parse("2027-06-30T22:00:00Z"));
		assertThat(this.expiries.parse("2027-01-15")).isEqualTo(Instant.parse("2027-01-15T23:00:00Z"));
	}

	@Test
	void aDateTimeNeedsItsOffset() {
		assertThat(this.expiries.parse("2027-06-30T18:00:00Z")).isEqualTo(Instant.parse("2027-06-30T18:00:00Z"));
		assertThat(this.expiries.parse("2027-06-30T18:00:00+02:00")).isEqualTo(Instant.parse("2027-06-30T16:00:00Z"));
		assertThat(this.expiries.parse("")).isNull();
		assertThat(this.expiries.parse(null)).isNull();
		for (String bad : new String[] { "2027-06-30T18:00:00", "30/06/2027", "2027-02-30", "tomorrow",
				"+1000000000-01-01T00:00:00Z", "2027-06-30T18:00:00Z".repeat(3) }) {
			assertThatExceptionOfType(Expiries.InvalidExpiry.class).as(bad)
				.isThrownBy(() -> this.expiries.parse(bad))
				.withMessageContaining("expires_at must be");
		}
	}

	@Test
	void anExpiryIsInTheFutureAndNotAbsurdlyFar() {
		assertThatExceptionOfType(Expiries.InvalidExpiry.class)
			.isThrownBy(() -> this.expiries.parse("2026-12-06T12:00:00Z"))
			.withMessage("expires_at must be in the future");
		assertThatExceptionOfType(Expiries.InvalidExpiry.class).isThrownBy(() -> this.expiries.parse("2207-01-01"))
			.withMessage("expires_at must be at most 3650 days ahead");
	}

}
