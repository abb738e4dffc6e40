package fr.sesame.auth.login;

import java.util.List;

import fr.sesame.auth.leaver.AgentHttpSessions;
import fr.sesame.auth.logout.SessionEnd;

/**
 * An agent holds at most {@code maxPerAgent} single sign-on sessions: a sign-in beyond that ends the oldest ones as a
 * logout would (their tokens revoked, relying parties told through back-channel logout), so the new session is
 * never the one refused.
 */
public final class SessionLimit {

	static final String REASON = "session-limit";

	private final AgentHttpSessions sessions;

	private final SessionEnd sessionEnd;

	private final int maxPerAgent;

	public SessionLimit(AgentHttpSessions sessions, SessionEnd sessionEnd, int maxPerAgent) {
		this.sessions = sessions;
		this.sessionEnd = sessionEnd;
		this.maxPerAgent = maxPerAgent;
	}

	/** The agent has just signed in with the session {@code currentSessionId}. */
	void signedIn(String subject, String currentSessionId) {
		List<String> others = this.sessions.oldestFirst(subject)
			.stream()
			.filter((id) -> !id.equals(currentSessionId))
			.toList();
		int excess = others.size() - (this.maxPerAgent - 1);
		for (String oldest : others.subList(0, Math.max(0, excess))) {
			this.sessionEnd.sessionEnded(subject, oldest, REASON);
			this.sessions.end(oldest);
		}
	}

}
