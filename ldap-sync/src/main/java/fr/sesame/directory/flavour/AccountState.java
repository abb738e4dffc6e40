package fr.sesame.directory.flavour;

import java.util.Optional;

import com.unboundid.ldap.sdk.Entry;

import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;

/**
 * Reads from an agent's entry whether the account may sign in. Only consulted after the password was verified, so
 * that a wrong password on a disabled account still answers "bad credentials".
 */
public interface AccountState {

	/** {@link Refusal#DISABLED}, {@link Refusal#LOCKED} or {@link Refusal#EXPIRED}, or empty when usable. */
	Optional<Refusal> refusal(Entry entry);

}
