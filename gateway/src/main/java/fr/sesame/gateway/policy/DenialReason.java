package fr.sesame.gateway.policy;

/**
 * Why an identified agent may not open an application. Each reason has one message (FR/EN) on the refusal page and
 * one metric label.
 */
public enum DenialReason {

	/** The agent's commune is not among the application's communes. */
	COMMUNE_NOT_ALLOWED("commune_not_allowed"),

	/** The agent lacks the required role(s). */
	ROLE_MISSING("role_missing"),

	/** The application needs a second factor and the sign-in just asked for one came back without it. */
	SECOND_FACTOR_UNAVAILABLE("second_factor_unavailable");

	private final String label;

	DenialReason(String label) {
		this.label = label;
	}

	/** Metric tag, log field and message key suffix. */
	public String label() {
		return this.label;
	}

}
