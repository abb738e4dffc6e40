package fr.sesame.gateway.session;

import fr.sesame.gateway.policy.AgentIdentity;

/**
 * A browser session's state once checked: still valid (with who it is and the token to relay), or over.
 */
public sealed interface AgentSession {

	/**
	 * @param agent identity from the sign-in's ID token
	 * @param idTokenFingerprint identifies the sign-in (changes at every sign-in, including a step-up)
	 * @param accessToken the current, refreshed access token, for {@code relay: token}
	 */
	record Active(AgentIdentity agent, String idTokenFingerprint, String accessToken) implements AgentSession {

		@Override
		public String toString() {
			return "Active[subject=" + this.agent.subject() + "]";
		}

	}

	/**
	 * The session ended here: past its maximum lifetime, or the provider refused to refresh its tokens (revoked,
	 * agent disabled).
	 *
	 * @param reason metric label
	 */
	record Ended(String reason) implements AgentSession {

	}

}
