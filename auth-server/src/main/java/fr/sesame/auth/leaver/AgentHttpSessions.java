package fr.sesame.auth.leaver;

import java.util.List;

/** The agent's login sessions at auth-server (not the relying parties': those get back-channel logout tokens). */
public interface AgentHttpSessions {

	/**
	 * Ends every HTTP session signed in as the agent, so that single sign-on stops at once.
	 * @return how many sessions ended
	 */
	int endAll(String subject);

	/** The ids of the agent's live sessions, the oldest first (by creation). */
	List<String> oldestFirst(String subject);

	/** Ends one session, wherever it lives (nothing happens if it already ended). */
	void end(String sessionId);

}
