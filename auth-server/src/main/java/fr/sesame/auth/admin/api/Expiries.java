package fr.sesame.auth.admin.api;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import fr.sesame.auth.role.RoleProperties;

/**
 * Reads an assignment's expiry as an admin writes it: a date-time with its offset ({@code 2027-06-30T18:00:00Z},
 * {@code 2027-06-30T18:00:00+02:00}), or a bare date ({@code 2027-06-30}), which grants through that day in
 * {@code sesame.roles.zone}. An expiry must be in the future and within {@code sesame.roles.max-validity}.
 */
final class Expiries {

	private static final int MAX_LENGTH = 40;

	private final RoleProperties properties;

	private final Clock clock;

	Expiries(RoleProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param value what the admin wrote; {@code null} or empty: no expiry
	 * @return the first instant the assignment no longer grants, {@code null} for none
	 * @throws InvalidExpiry with a message saying what is expected
	 */
	Instant parse(String value) {
		if (value == null || value.isEmpty()) {
			return null;
		}
		Instant expiresAt = instant(value);
		Instant now = this.clock.instant();
		if (!expiresAt.isAfter(now)) {
			throw new InvalidExpiry("expires_at must be in the future");
		}
		if (expiresAt.isAfter(now.plus(this.properties.maxValidity()))) {
			throw new InvalidExpiry("expires_at must be at most " + this.properties.maxValidity().toDays()
					+ " days ahead");
		}
		return expiresAt;
	}

	private Instant instant(String value) {
		if (value.length() > MAX_LENGTH) {
			throw new InvalidExpiry(expected());
		}
		try {
			if (value.length() == 10) {
				return LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE)
					.plusDays(1)
					.atStartOfDay(this.properties.zone())
					.toInstant();
			}
			return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			throw new InvalidExpiry(expected());
		}
	}

	private String expected() {
		return "expires_at must be a date (2027-06-30: through that day, " + this.properties.zone()
				+ ") or a date-time with its offset (2027-06-30T18:00:00Z)";
	}

	/** An expiry that cannot be accepted; the message says why, without echoing the value. */
	static final class InvalidExpiry extends RuntimeException {

		InvalidExpiry(String message) {
			super(message, null, false, false);
		}

	}

}
