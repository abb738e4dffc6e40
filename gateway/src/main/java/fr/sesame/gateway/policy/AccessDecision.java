package fr.sesame.gateway.policy;

/**
 * What happens to a request, decided before anything reaches the upstream.
 */
public sealed interface AccessDecision {

	/** Metric tag and access-log field. */
	String label();

	/** Forward to the upstream. */
	record Allow() implements AccessDecision {

		@Override
		public String label() {
			return "allow";
		}

	}

	/** A browser without a session: sign in, then come back to the same URL. */
	record SignIn() implements AccessDecision {

		@Override
		public String label() {
			return "sign_in";
		}

	}

	/**
	 * An API call that is not (sufficiently) authenticated: {@code 401} with {@code WWW-Authenticate}.
	 *
	 * @param error the RFC 6750 / RFC 9470 error code, or {@code null} when no credentials were presented
	 * @param description human-readable detail for the {@code error_description} parameter
	 * @param acrValues the {@code acr_values} a new token must satisfy (RFC 9470), or {@code null}
	 */
	record Unauthorized(String error, String description, String acrValues) implements AccessDecision {

		public static final String INSUFFICIENT_USER_AUTHENTICATION = "insufficient_user_authentication";

		public static Unauthorized noCredentials() {
			return new Unauthorized(null, null, null);
		}

		@Override
		public String label() {
			return (this.error != null) ? this.error : "no_credentials";
		}

	}

	/** A known agent who may not open this application. */
	record Forbidden(DenialReason reason) implements AccessDecision {

		@Override
		public String label() {
			return this.reason.label();
		}

	}

	/** A browser session without the second factor the application needs: sign in again with {@code acr_values}. */
	record StepUp(String acrValues) implements AccessDecision {

		@Override
		public String label() {
			return "step_up";
		}

	}

}
