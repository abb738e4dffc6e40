package fr.sesame.directory.flavour;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.Entry;

import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;

/**
 * OpenLDAP has no standard "disabled" flag (communes declare a disabled-filter for that); it marks a lockout with the
 * ppolicy operational attribute {@code pwdAccountLockedTime} and an expiry with the NIS {@code shadowExpire} (days
 * since 1970-01-01, {@code -1} meaning never).
 */
final class OpenLdapAccountState implements AccountState {

	static final String LOCKED_TIME = "pwdAccountLockedTime";

	static final String SHADOW_EXPIRE = "shadowExpire";

	static final List<String> ATTRIBUTES = List.of(LOCKED_TIME, SHADOW_EXPIRE);

	private final Clock clock;

	OpenLdapAccountState(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Optional<Refusal> refusal(Entry entry) {
		if (entry.hasAttribute(LOCKED_TIME)) {
			return Optional.of(Refusal.LOCKED);
		}
		Long shadowExpire = entry.getAttributeValueAsLong(SHADOW_EXPIRE);
		if (shadowExpire != null && shadowExpire >= 0
				&& !LocalDate.now(this.clock).isBefore(LocalDate.ofEpochDay(shadowExpire))) {
			return Optional.of(Refusal.EXPIRED);
		}
		return Optional.empty();
	}

}
