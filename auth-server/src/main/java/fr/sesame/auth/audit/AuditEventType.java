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

	/** An admin asked for something it may not do (data: action, commune, target, reason). */
	ADMIN_DENIED,

	/** An agent's password was accepted (principal: the agent's sub; data: commune, ip). */
	SIGN_IN_SUCCEEDED,

	/**
	 * A sign-in was refused (principal: anonymous; data: commune or none, reason = bad_credentials | throttled |
	 * disabled | …, ip). Never the password, nor the typed login, which for an unknown account may be anything.
	 */
	SIGN_IN_FAILED,

	/** A session of the agent ended: logout, or every session at once (data: reason, authorizations-revoked). */
	SESSION_ENDED,

	/** The synchronisation reported a leaver or lost roles, and the agent was revoked (data: commune, reason). */
	AGENT_REVOKED,

	/**
	 * A token was issued (principal: the agent's sub, or the client id for client_credentials; data: client, grant,
	 * token = access_token | id_token, commune). Never the token itself.
	 */
	TOKEN_ISSUED,

	/**
	 * An admin changed something (principal: the admin's sub; data: action, commune, target, and what changed as
	 * {@code before.<field>} / {@code after.<field>}, e.g. given as nested maps {@code before} and {@code after}).
	 */
	ADMIN_CHANGED,

	/**
	 * An admin granted a role (principal: the admin's sub; data: action, commune where the role applies, target (the
	 * agent's login), agent (its sub), agent_commune, client, role, assignment, via = api | import, and
	 * {@code before.role} / {@code after.role} / {@code after.expires_at} as flat strings).
	 */
	ROLE_ASSIGNED,

	/** An admin revoked a role it or another admin had granted (data as for ROLE_ASSIGNED, {@code before.*}). */
	ROLE_REVOKED,

	/**
	 * An admin changed an assignment's expiry (data as for ROLE_ASSIGNED, with {@code before.expires_at} and
	 * {@code after.expires_at}).
	 */
	ROLE_CHANGED

}
