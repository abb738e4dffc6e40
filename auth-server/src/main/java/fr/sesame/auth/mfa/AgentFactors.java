package fr.sesame.auth.mfa;

import java.util.Map;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.passkey.Passkeys;
import fr.sesame.auth.mfa.recovery.RecoveryCodes;
import fr.sesame.auth.mfa.totp.TotpFactor;

/**
 * Every second factor of an agent, whatever its kind: what the agent has enrolled, and the reset that an
 * administrator performs when an agent lost them (the agent enrols again at the next sign-in).
 */
public final class AgentFactors {

	private final TotpFactor totp;

	private final Passkeys passkeys;

	private final RecoveryCodes recoveryCodes;

	private final AuditTrail audit;

	public AgentFactors(TotpFactor totp, Passkeys passkeys, RecoveryCodes recoveryCodes, AuditTrail audit) {
		this.totp = totp;
		this.passkeys = passkeys;
		this.recoveryCodes = recoveryCodes;
		this.audit = audit;
	}

	public EnrolledFactors of(String sub) {
		return new EnrolledFactors(this.totp.isEnrolled(sub), this.passkeys.list(sub).size(),
				this.recoveryCodes.remaining(sub));
	}

	/**
	 * Removes every factor of the agent. The enrolment grace period does not start again: a reset agent enrols at the
	 * next sign-in where a policy asks for a second factor.
	 */
	public void reset(String sub, String admin, String communeId, String clientIp) {
		this.totp.remove(sub);
		this.passkeys.removeAll(sub);
		this.recoveryCodes.remove(sub);
		this.audit.record(sub, AuditEventType.MFA_RESET, Map.of("admin", admin, "commune", communeId, "ip", clientIp));
	}

}
