package fr.sesame.directory.flavour;

import java.time.Instant;

/**
 * Active Directory's timestamps (Windows FILETIME): 100-nanosecond intervals since 1601-01-01T00:00:00Z. For
 * {@code accountExpires}, both {@code 0} and {@link Long#MAX_VALUE} mean "never".
 */
public final class ActiveDirectoryFileTime {

	private static final long SECONDS_FROM_1601_TO_1970 = 11_644_473_600L;

	private static final long INTERVALS_PER_SECOND = 10_000_000L;

	private ActiveDirectoryFileTime() {
	}

	public static Instant toInstant(long fileTime) {
		long seconds = Math.floorDiv(fileTime, INTERVALS_PER_SECOND) - SECONDS_FROM_1601_TO_1970;
		long nanos = Math.floorMod(fileTime, INTERVALS_PER_SECOND) * 100;
		return Instant.ofEpochSecond(seconds, nanos);
	}

	public static long fromInstant(Instant instant) {
		return (instant.getEpochSecond() + SECONDS_FROM_1601_TO_1970) * INTERVALS_PER_SECOND + instant.getNano() / 100;
	}

	/** Whether an expiry value names a moment at or before {@code now}; "never" values are never past. */
	public static boolean isPast(long fileTime, Instant now) {
		if (fileTime <= 0 || fileTime == Long.MAX_VALUE) {
			return false;
		}
		return !toInstant(fileTime).isAfter(now);
	}

}
