package fr.sesame.auth.mfa.enrolment;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/**
 * Where agents' second factors live, in this process or in Redis. It stores what it is given: TOTP secrets arrive
 * sealed by {@link SecretCipher}, recovery codes as keyed hashes; it never sees a secret or a code. Every
 * check-and-update that two requests could race on is one atomic operation here.
 */
public interface FactorStore {

	/** Keeps a TOTP secret awaiting its first code for {@code ttl}, replacing any other pending one. */
	void savePendingTotp(String sub, String sealedSecret, Duration ttl);

	/** The pending TOTP secret, unless it expired, was confirmed or was removed. */
	Optional<String> pendingTotp(String sub);

	/**
	 * Turns the pending secret into the enrolled one, atomically and only if the pending secret is still
	 * {@code sealedSecret} (not replaced by a newer enrolment, not expired, not confirmed by a concurrent request).
	 * A previous enrolment is replaced.
	 * @param usedStep the step whose code confirmed it, used from now on
	 * @return false when the pending secret was no longer {@code sealedSecret}
	 */
	boolean confirmTotp(String sub, String sealedSecret, Instant enrolledAt, long usedStep);

	Optional<TotpEnrolment> totp(String sub);

	/**
	 * Records that {@code step} was used, atomically and only if it is greater than the last used step and the
	 * enrolled secret is still {@code sealedSecret}: of two requests with one code, exactly one gets true.
	 */
	boolean markTotpStepUsed(String sub, String sealedSecret, long step);

	/** Removes the enrolled and the pending TOTP secret. */
	void removeTotp(String sub);

	/** Replaces every recovery code hash of the agent by these, atomically. */
	void replaceRecoveryCodes(String sub, Set<String> hashes);

	/**
	 * Removes the first of {@code candidateHashes} that the agent holds, atomically.
	 * @return whether one was removed
	 */
	boolean consumeRecoveryCode(String sub, Collection<String> candidateHashes);

	int recoveryCodesLeft(String sub);

	void removeRecoveryCodes(String sub);

	/** Stores {@code now} unless an instant is stored already; returns the stored one. */
	Instant firstRequired(String sub, Instant now);

	void clearFirstRequired(String sub);

	/**
	 * @param sealedSecret as sealed by {@link SecretCipher} for this agent
	 * @param enrolledAt when the enrolment was confirmed
	 * @param lastUsedStep the last time step whose code was accepted
	 */
	record TotpEnrolment(String sealedSecret, Instant enrolledAt, long lastUsedStep) {

		@Override
		public String toString() {
			return "TotpEnrolment[enrolledAt=" + this.enrolledAt + ", lastUsedStep=" + this.lastUsedStep + "]";
		}

	}

}
