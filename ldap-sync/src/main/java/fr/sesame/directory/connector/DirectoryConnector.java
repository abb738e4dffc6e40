package fr.sesame.directory.connector;

import java.util.Optional;

import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.Commune;

/**
 * The connection between Sésame and one commune's directory. One instance per commune, each with its own connection
 * pools and timeouts, so that one commune's directory failing never slows another's sign-ins.
 */
public interface DirectoryConnector extends AutoCloseable {

	Commune commune();

	/**
	 * Searches the agent with the service account (filter values escaped), then binds as that entry with the given
	 * password on a connection used only for binds. Never throws for a directory fault: returns the matching
	 * {@link AuthenticationOutcome.Refused}. An empty password is refused before any bind. Unknown logins go
	 * through a dummy bind so that they cost the same time as a wrong password.
	 */
	default AuthenticationOutcome authenticate(String login, String password) {
		return authenticate(login, password, BindGuard.NONE);
	}

	/**
	 * As {@link #authenticate(String, String)}, asking the guard before the bind as the agent's entry and telling it
	 * the bind's verdict on the password.
	 */
	AuthenticationOutcome authenticate(String login, String password, BindGuard guard);

	/**
	 * Looks the agent up by login with the service account, without authenticating it. Empty when no entry (or more
	 * than one) matches, or the login cannot be sent to a directory.
	 * @throws DirectoryFaultException when the directory does not answer, so that an outage is never mistaken for
	 * an agent who left
	 */
	Optional<Agent> findByLogin(String login);

	/**
	 * Whether the directory answers a trivial search with the service account within the timeouts. Takes at most
	 * the response timeout; never throws.
	 */
	DirectoryStatus status();

	@Override
	void close();

}
