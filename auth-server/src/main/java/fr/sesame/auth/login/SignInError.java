package fr.sesame.auth.login;

import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;

/**
 * Why a sign-in was refused, as the agent is told. Unknown login and wrong password are one error on purpose.
 */
public enum SignInError {

	BAD_CREDENTIALS("bad_credentials"),
	INVALID_INPUT("invalid_input"),
	UNKNOWN_COMMUNE("unknown_commune"),
	THROTTLED("throttled"),
	DISABLED("disabled"),
	LOCKED("locked"),
	EXPIRED("expired"),
	DIRECTORY_UNAVAILABLE("directory_unavailable");

	private final String code;

	SignInError(String code) {
		this.code = code;
	}

	/** Used in message keys, metrics and logs. */
	public String code() {
		return this.code;
	}

	static SignInError of(Refusal refusal) {
		return switch (refusal) {
			case BAD_CREDENTIALS -> BAD_CREDENTIALS;
			case INVALID_INPUT -> INVALID_INPUT;
			case DISABLED -> DISABLED;
			case LOCKED -> LOCKED;
			case EXPIRED -> EXPIRED;
			case THROTTLED -> THROTTLED;
			case DIRECTORY_UNAVAILABLE, DIRECTORY_TIMEOUT -> DIRECTORY_UNAVAILABLE;
		};
	}

}
