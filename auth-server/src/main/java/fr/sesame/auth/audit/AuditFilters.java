package fr.sesame.auth.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import fr.sesame.auth.admin.AdminCaller;

/**
 * The filters an admin gives to read the audit trail, as typed (query parameters of the admin API or of the console's
 * form): agent ({@code sub}), commune, types, time range, how many entries. Read here once for both.
 *
 * @param agent the principal, or blank
 * @param commune the commune id, or blank
 * @param types names of {@link AuditEventType}, any case, each value possibly a comma-separated list; or {@code null}
 * @param from an instant ({@code 2026-11-30T09:00:00Z}) or a day ({@code 2026-11-30}, from its start, UTC); or blank
 * @param to the same, exclusive; or blank
 * @param limit a whole number; or blank for the default
 */
public record AuditFilters(String agent, String commune, List<String> types, String from, String to, String limit) {

	/** Entries shown at once, unless asked otherwise; at most. */
	public static final int DEFAULT_LIMIT = 100;

	public static final int MAX_LIMIT = 1000;

	/** Entries exported as CSV, unless asked otherwise; at most. */
	public static final int CSV_DEFAULT_LIMIT = 1000;

	public static final int CSV_MAX_LIMIT = 10_000;

	private static final int MAX_FILTER_LENGTH = 256;

	/**
	 * The commune whose entries the admin reads: the one asked for, or, for a commune admin who asked for none, its
	 * own (a commune admin's view is its commune, asked for or not). The caller still checks that the admin
	 * administers it.
	 * @return {@code null} for a syndicate admin who asked for no commune: every entry
	 */
	public String communeFor(AdminCaller admin) {
		String asked = blankToNull(this.commune);
		if (asked == null && !admin.isSyndicateAdmin()) {
			return admin.communeId();
		}
		return asked;
	}

	/**
	 * @param commune what {@link #communeFor} gave, once checked
	 * @throws BadFilter with a message saying what is expected
	 */
	public AuditQuery query(String commune, int defaultLimit, int maxLimit) {
		return new AuditQuery(filter("agent", this.agent), commune, types(this.types), instant("from", this.from),
				instant("to", this.to), limit(this.limit, defaultLimit, maxLimit));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	private static String filter(String name, String value) {
		String stripped = blankToNull(value);
		if (stripped != null && stripped.length() > MAX_FILTER_LENGTH) {
			throw new BadFilter(name + " must be at most " + MAX_FILTER_LENGTH + " characters");
		}
		return stripped;
	}

	/** {@code type=A&type=B} or {@code type=A,B}; names of {@link AuditEventType}, any case. */
	private static Set<String> types(List<String> values) {
		if (values == null) {
			return Set.of();
		}
		Set<String> types = new LinkedHashSet<>();
		for (String value : values) {
			for (String name : value.split(",")) {
				if (name.isBlank()) {
					continue;
				}
				String upper = name.strip().toUpperCase(Locale.ROOT);
				try {
					types.add(AuditEventType.valueOf(upper).name());
				}
				catch (IllegalArgumentException ex) {
					throw new BadFilter("type must be one of " + Arrays.stream(AuditEventType.values())
						.map(Enum::name)
						.collect(Collectors.joining(", ")));
				}
			}
		}
		return types;
	}

	private static Instant instant(String name, String value) {
		String stripped = blankToNull(value);
		if (stripped == null) {
			return null;
		}
		try {
			return Instant.parse(stripped);
		}
		catch (DateTimeParseException ex) {
			try {
				return LocalDate.parse(stripped).atStartOfDay(ZoneOffset.UTC).toInstant();
			}
			catch (DateTimeParseException notADay) {
				throw new BadFilter(name + " must be an instant such as 2026-11-30T09:00:00Z, or a day such as "
						+ "2026-11-30");
			}
		}
	}

	private static int limit(String value, int defaultLimit, int maxLimit) {
		String stripped = blankToNull(value);
		if (stripped == null) {
			return defaultLimit;
		}
		try {
			int limit = Integer.parseInt(stripped);
			if (limit >= 1 && limit <= maxLimit) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new BadFilter("limit must be a whole number between 1 and " + maxLimit);
	}

	/** A filter that cannot be read; the message says what is expected, without echoing the value. */
	public static final class BadFilter extends RuntimeException {

		BadFilter(String message) {
			super(message);
		}

	}

}
