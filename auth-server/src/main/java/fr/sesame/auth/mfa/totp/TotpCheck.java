package fr.sesame.auth.mfa.totp;

/** The outcome of a TOTP code typed by an enrolled agent (or not). */
public enum TotpCheck {

	/** The code is right and its time step had not been used: the factor is verified. */
	ACCEPTED,

	/** Not the code of any step in the window (or not a code at all). */
	WRONG,

	/** The code of a step already used, by this request's twin or an onlooker: refused, RFC 6238 section 5.2. */
	REPLAYED,

	/** The agent has no confirmed TOTP enrolment. */
	NOT_ENROLLED

}
