package fr.sesame.auth.admin.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Instants as the console shows them: in the communes' own time zone, to the minute ({@code 06/12/2026 17:05}).
 * Templates call it as {@code @consoleDates}.
 */
public final class ConsoleDates {

	private static final ZoneId ZONE = ZoneId.of("Europe/Paris");

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm").withZone(ZONE);

	private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(ZONE);

	public String text(Instant instant) {
		return (instant != null) ? MINUTE.format(instant) : "";
	}

	/** An instant written as ISO-8601 ({@code 2026-12-06T16:05:00Z}), as the admin API's views carry them. */
	public String text(String iso) {
		if (iso == null || iso.isEmpty()) {
			return "";
		}
		try {
			return MINUTE.format(Instant.parse(iso));
		}
		catch (DateTimeParseException ex) {
			return iso;
		}
	}

	/** To the second, for the audit trail. */
	public String precise(Instant instant) {
		return (instant != null) ? SECOND.format(instant) : "";
	}

	/** The machine-readable form, for {@code <time datetime>}. */
	public String iso(Instant instant) {
		return (instant != null) ? instant.toString() : "";
	}

}
