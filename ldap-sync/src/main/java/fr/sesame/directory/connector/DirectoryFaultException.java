package fr.sesame.directory.connector;

import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;

/**
 * A lookup could not get an answer from a commune's directory. Thrown by {@link DirectoryConnector#findByLogin} so
 * that "the directory is down" is never mistaken for "the agent left". The message names the commune, the operation
 * and the LDAP result code, never a secret.
 */
public final class DirectoryFaultException extends RuntimeException {

	private final String communeId;

	private final Refusal refusal;

	public DirectoryFaultException(String communeId, Refusal refusal, String message) {
		super(message);
		this.communeId = communeId;
		this.refusal = refusal;
	}

	public String communeId() {
		return this.communeId;
	}

	/** {@link Refusal#DIRECTORY_UNAVAILABLE} or {@link Refusal#DIRECTORY_TIMEOUT}. */
	public Refusal refusal() {
		return this.refusal;
	}

}
