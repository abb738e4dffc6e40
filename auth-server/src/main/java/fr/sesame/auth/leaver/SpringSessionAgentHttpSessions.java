package fr.sesame.auth.leaver;

import java.util.Comparator;
import java.util.List;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

/**
 * Redis mode: Spring Session's indexed repository finds the agent's sessions, whichever replica created them, by
 * the principal name its index keeps (the agent's {@code sub}), and deletes them.
 */
public final class SpringSessionAgentHttpSessions<S extends Session> implements AgentHttpSessions {

	private final FindByIndexNameSessionRepository<S> sessions;

	public SpringSessionAgentHttpSessions(FindByIndexNameSessionRepository<S> sessions) {
		this.sessions = sessions;
	}

	@Override
	public int endAll(String subject) {
		int ended = 0;
		for (String id : this.sessions.findByPrincipalName(subject).keySet()) {
			this.sessions.deleteById(id);
			ended++;
		}
		return ended;
	}

	@Override
	public List<String> oldestFirst(String subject) {
		return this.sessions.findByPrincipalName(subject)
			.values()
			.stream()
			.sorted(Comparator.comparing(Session::getCreationTime))
			.map(Session::getId)
			.toList();
	}

	@Override
	public void end(String sessionId) {
		this.sessions.deleteById(sessionId);
	}

}
