package fr.sesame.auth.audit;

/** The kinds of security event that the audit trail records. */
public enum AuditEventType {

	/** A second factor was enrolled (data: factor = totp | passkey | recovery-codes). */
	MFA_ENROLLED,

	/** A second factor was verified at sign-in or step-up (data: factor). */
	MFA_VERIFIED,

	/** A second factor was refused (data: factor, reason = wrong | replayed | throttled | foreign-credential). */
	MFA_FAILED,

	/** A second factor was removed or renamed by its agent (data: factor, action). */
	MFA_CHANGED,

	/** An admin removed every factor of an agent (data: admin, commune). */
	MFA_RESET,

	/** An authorization request was refused or redirected because the session's level was too low. */
	MFA_REQUIRED

}
