package fr.sesame.auth.leaver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Memory mode: the servlet container's sessions. The container offers no way to find or end a session from outside
 * a request, so this listener keeps the live ones, and ending an agent's sessions invalidates each session whose
 * security context is the agent's. Sessions in the {@link SessionRegistry} (those OIDC knows, for {@code sid}) are
 * marked expired too.
 */
public final class ServletAgentHttpSessions implements AgentHttpSessions, HttpSessionListener {

	private final Map<String, HttpSession> live = new ConcurrentHashMap<>();

	private final SessionRegistry registry;

	public ServletAgentHttpSessions(SessionRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void sessionCreated(HttpSessionEvent event) {
		this.live.put(event.getSession().getId(), event.getSession());
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		this.live.remove(event.getSession().getId());
	}

	@Override
	public int endAll(String subject) {
		for (SessionInformation information : this.registry.getAllSessions(subject, false)) {
			information.expireNow();
		}
		int ended = 0;
		for (HttpSession session : this.live.values()) {
			if (subject.equals(subjectOf(session))) {
				try {
					session.invalidate();
					ended++;
				}
				catch (IllegalStateException alreadyInvalidated) {
					// Ended meanwhile by the agent or the container.
				}
				this.live.remove(session.getId());
			}
		}
		return ended;
	}

	private static String subjectOf(HttpSession session) {
		try {
			Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
			Authentication authentication = (context instanceof SecurityContext security) ? security.getAuthentication()
					: null;
			return (authentication != null) ? authentication.getName() : null;
		}
		catch (IllegalStateException invalidated) {
			return null;
		}
	}

}
