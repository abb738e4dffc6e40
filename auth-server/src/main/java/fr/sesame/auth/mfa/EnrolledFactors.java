package fr.sesame.auth.mfa;

/**
 * Which second factors an agent has enrolled.
 *
 * @param totp an authenticator app
 * @param passkeys how many passkeys
 * @param recoveryCodes how many unused recovery codes
 */
public record EnrolledFactors(boolean totp, int passkeys, int recoveryCodes) {

	public boolean any() {
		return this.totp || this.passkeys > 0 || this.recoveryCodes > 0;
	}

	public boolean passkey() {
		return this.passkeys > 0;
	}

}
