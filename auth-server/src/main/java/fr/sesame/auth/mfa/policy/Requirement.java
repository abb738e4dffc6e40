package fr.sesame.auth.mfa.policy;

import java.io.Serializable;

import fr.sesame.auth.token.AuthenticationContextClass;

/**
 * The second factor an authorization request needs, and why.
 *
 * @param level what must have been verified besides the password
 * @param enforced false when the agent may still postpone enrolment (a commune or role policy within its grace
 * period); true for client policies, admin roles and {@code acr_values}
 * @param reason what asked for it ({@code client}, {@code acr_values}, {@code admin-role}, {@code role},
 * {@code commune}), for logs and the audit trail
 */
public record Requirement(Level level, boolean enforced, String reason) implements Serializable {

	public static final Requirement PASSWORD = new Requirement(Level.PASSWORD, false, "none");

	public enum Level {

		/** The password alone. */
		PASSWORD,

		/** Any second factor: TOTP, a recovery code or a passkey. */
		SECOND_FACTOR,

		/** A passkey: the phishing-resistant factor. */
		PASSKEY

	}

	/** Whether a session that verified these factors meets the requirement. */
	public boolean isMetBy(AuthenticationContextClass factors) {
		return switch (this.level) {
			case PASSWORD -> true;
			case SECOND_FACTOR -> factors.hasSecondFactor();
			case PASSKEY -> factors.hasPasskey();
		};
	}

}
