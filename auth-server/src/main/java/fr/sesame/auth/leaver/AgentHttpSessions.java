package fr.sesame.auth.leaver;

/** The agent's login sessions at auth-server (not the relying parties': those get back-channel logout tokens). */
public interface AgentHttpSessions {

	/**
	 * Ends every HTTP session signed in as the agent, so that single sign-on stops at once.
	 * @return how many sessions ended
	 */
	int endAll(String subject);

}
