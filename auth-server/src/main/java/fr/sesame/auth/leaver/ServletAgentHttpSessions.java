package fr.sesame.auth.leaver;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import org.springframework.lang.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Memory mode: the servlet container's sessions. The container offers no way to find or end a session from outside
 * a request, so this listener keeps the live ones, indexed by the agent whose security context each holds (set when
 * the context is stored in the session, moved when the session id changes at sign-in), and ending a session
 * invalidates it. Sessions in the {@link SessionRegistry} (those OIDC knows, for {@code sid}) are marked expired
 * too.
 */
public final class ServletAgentHttpSessions
		implements AgentHttpSessions, HttpSessionListener, HttpSessionIdListener, HttpSessionAttributeListener {

	private static final String CONTEXT = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

	private final Map<String, HttpSession> live = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> idsBySubject = new ConcurrentHashMap<>();

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
		HttpSession session = event.getSession();
		this.live.remove(session.getId());
		unindex(subjectOf(session), session.getId());
	}

	@Override
	public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		HttpSession session = event.getSession();
		this.live.remove(oldSessionId);
		this.live.put(session.getId(), session);
		String subject = subjectOf(session);
		unindex(subject, oldSessionId);
		index(subject, session.getId());
	}

	@Override
	public void attributeAdded(HttpSessionBindingEvent event) {
		if (CONTEXT.equals(event.getName())) {
			index(subjectOf(event.getValue()), event.getSession().getId());
		}
	}

	@Override
	public void attributeReplaced(HttpSessionBindingEvent event) {
		if (CONTEXT.equals(event.getName())) {
			// The event carries the value replaced; the session already holds the new one.
			String before = subjectOf(event.getValue());
			String after = subjectOf(event.getSession());
			if (!Objects.equals(before, after)) {
				unindex(before, event.getSession().getId());
				index(after, event.getSession().getId());
			}
		}
	}

	@Override
	public void attributeRemoved(HttpSessionBindingEvent event) {
		if (CONTEXT.equals(event.getName())) {
			unindex(subjectOf(event.getValue()), event.getSession().getId());
		}
	}

	@Override
	public int endAll(String subject) {
		for (SessionInformation information : this.registry.getAllSessions(subject, false)) {
			information.expireNow();
		}
		int ended = 0;
		for (String id : List.copyOf(this.idsBySubject.getOrDefault(subject, Set.of()))) {
			if (invalidate(id)) {
				ended++;
			}
		}
		return ended;
	}

	@Override
	public List<String> oldestFirst(String subject) {
		record Created(String id, long at) {
		}
		return this.idsBySubject.getOrDefault(subject, Set.of())
			.stream()
			.map((id) -> new Created(id, creationTime(this.live.get(id))))
			.filter((created) -> created.at() >= 0)
			.sorted(Comparator.comparingLong(Created::at))
			.map(Created::id)
			.toList();
	}

	@Override
	public void end(String sessionId) {
		// Invalidating it removes it from the registry too (a session-destroyed event).
		invalidate(sessionId);
	}

	private boolean invalidate(String id) {
		HttpSession session = this.live.remove(id);
		if (session == null) {
			return false;
		}
		try {
			session.invalidate();
			return true;
		}
		catch (IllegalStateException alreadyInvalidated) {
			// Ended meanwhile by the agent or the container.
			return false;
		}
	}

	private void index(@Nullable String subject, String id) {
		if (subject != null) {
			this.idsBySubject.computeIfAbsent(subject, (s) -> ConcurrentHashMap.newKeySet()).add(id);
		}
	}

	private void unindex(@Nullable String subject, String id) {
		if (subject != null) {
			this.idsBySubject.computeIfPresent(subject, (s, ids) -> {
				ids.remove(id);
				return ids.isEmpty() ? null : ids;
			});
		}
	}

	private static long creationTime(@Nullable HttpSession session) {
		try {
			return (session != null) ? session.getCreationTime() : -1;
		}
		catch (IllegalStateException invalidated) {
			return -1;
		}
	}

	@Nullable
	private static String subjectOf(HttpSession session) {
		try {
			return subjectOf(session.getAttribute(CONTEXT));
		}
		catch (IllegalStateException invalidated) {
			return null;
		}
	}

	@Nullable
	private static String subjectOf(@Nullable Object context) {
		Authentication authentication = (context instanceof SecurityContext security) ? security.getAuthentication()
				: null;
		return (authentication != null) ? authentication.getName() : null;
	}

}
