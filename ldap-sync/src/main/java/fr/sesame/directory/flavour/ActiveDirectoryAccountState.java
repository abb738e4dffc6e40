package fr.sesame.directory.flavour;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.Entry;

import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;

/**
 * Active Directory's account flags. {@code msDS-User-Account-Control-Computed} is authoritative when the directory
 * returns it (real AD computes the lockout and password expiry there); otherwise {@code lockoutTime} > 0 means
 * locked, which is what a test directory without constructed attributes can express.
 */
final class ActiveDirectoryAccountState implements AccountState {

	static final String USER_ACCOUNT_CONTROL = "userAccountControl";

	static final String COMPUTED_ACCOUNT_CONTROL = "msDS-User-Account-Control-Computed";

	static final String LOCKOUT_TIME = "lockoutTime";

	static final String ACCOUNT_EXPIRES = "accountExpires";

	static final List<String> ATTRIBUTES = List.of(USER_ACCOUNT_CONTROL, COMPUTED_ACCOUNT_CONTROL, LOCKOUT_TIME,
			ACCOUNT_EXPIRES);

	private static final long ACCOUNTDISABLE = 0x2;

	private static final long LOCKOUT = 0x10;

	private static final long PASSWORD_EXPIRED = 0x800000;

	private final Clock clock;

	ActiveDirectoryAccountState(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Optional<Refusal> refusal(Entry entry) {
		long control = longValue(entry, USER_ACCOUNT_CONTROL, 0);
		if ((control & ACCOUNTDISABLE) != 0) {
			return Optional.of(Refusal.DISABLED);
		}
		Long computed = entry.getAttributeValueAsLong(COMPUTED_ACCOUNT_CONTROL);
		boolean locked = (computed != null) ? (computed & LOCKOUT) != 0 : longValue(entry, LOCKOUT_TIME, 0) > 0;
		if (locked) {
			return Optional.of(Refusal.LOCKED);
		}
		if (ActiveDirectoryFileTime.isPast(longValue(entry, ACCOUNT_EXPIRES, 0), this.clock.instant())) {
			return Optional.of(Refusal.EXPIRED);
		}
		if (computed != null && (computed & PASSWORD_EXPIRED) != 0) {
			return Optional.of(Refusal.EXPIRED);
		}
		return Optional.empty();
	}

	private static long longValue(Entry entry, String attribute, long absent) {
		Long value = entry.getAttributeValueAsLong(attribute);
		return (value != null) ? value : absent;
	}

}
