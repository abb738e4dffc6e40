package fr.sesame.auth.mfa.passkey;

import org.springframework.security.core.AuthenticationException;

/**
 * A passkey assertion that does not complete the session's second factor, with the audit trail's reason and the agent
 * it was tried for (Spring clears the security context before the failure handler sees the request).
 */
final class PasskeyRefusedException extends AuthenticationException {

	private final String reason;

	private final String principal;

	PasskeyRefusedException(String reason, String principal) {
		super("Passkey refused: " + reason);
		this.reason = reason;
		this.principal = principal;
	}

	PasskeyRefusedException(String reason, String principal, Throwable cause) {
		super("Passkey refused: " + reason, cause);
		this.reason = reason;
		this.principal = principal;
	}

	String reason() {
		return this.reason;
	}

	String principal() {
		return this.principal;
	}

}
