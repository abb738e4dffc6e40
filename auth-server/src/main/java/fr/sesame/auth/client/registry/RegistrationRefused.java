package fr.sesame.auth.client.registry;

/**
 * A change to the registry that was refused, nothing having changed: the message says what to fix and never echoes a
 * secret.
 */
public final class RegistrationRefused extends RuntimeException {

	private final Reason reason;

	private final String field;

	RegistrationRefused(Reason reason, String field, String message) {
		super(message, null, false, false);
		this.reason = reason;
		this.field = field;
	}

	/** @param field the form field at fault ({@link ApplicationForm#FIELDS} or {@code client_id}) */
	static RegistrationRefused invalid(String field, String message) {
		return new RegistrationRefused(Reason.INVALID, field, message);
	}

	static RegistrationRefused conflict(String message) {
		return new RegistrationRefused(Reason.CONFLICT, null, message);
	}

	static RegistrationRefused notFound() {
		return new RegistrationRefused(Reason.NOT_FOUND, null, "No such client");
	}

	public Reason reason() {
		return this.reason;
	}

	/** The field at fault, for an invalid value; {@code null} otherwise. */
	public String field() {
		return this.field;
	}

	/** Why. */
	public enum Reason {

		/** A value is malformed or out of bounds. */
		INVALID,

		/** The id is taken, the client is configured (read-only), or it changed meanwhile. */
		CONFLICT,

		/** No client by that id. */
		NOT_FOUND

	}

}
