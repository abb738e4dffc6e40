package fr.sesame.auth.login;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A session that nobody has signed in to yet (the login page's CSRF token, the authorization request it resumes)
 * lasts {@code sesame.login.sessions.sign-in-timeout} without activity, not the single sign-on session's hours:
 * anybody can create one with a single anonymous request, and each is held in memory or in Redis until it expires.
 * When the agent signs in, the session gets back the lifetime it was created with. Runs around Spring Security and
 * inside Spring Session's filter, which saves the session after it.
 */
final class PendingSessionLifetime extends OncePerRequestFilter {

	private static final String SIGNED_IN_LIFETIME = PendingSessionLifetime.class.getName() + ".signedInLifetime";

	private final int pendingSeconds;

	PendingSessionLifetime(Duration pending) {
		this.pendingSeconds = Math.toIntExact(Math.max(1, pending.toSeconds()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, response);
		HttpSession session = request.getSession(false);
		if (session == null) {
			return;
		}
		boolean signedIn = session
			.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY) != null;
		Object signedInLifetime = session.getAttribute(SIGNED_IN_LIFETIME);
		if (!signedIn && session.isNew()) {
			session.setAttribute(SIGNED_IN_LIFETIME, session.getMaxInactiveInterval());
			session.setMaxInactiveInterval(this.pendingSeconds);
		}
		else if (signedIn && signedInLifetime instanceof Integer seconds) {
			session.setMaxInactiveInterval(seconds);
			session.removeAttribute(SIGNED_IN_LIFETIME);
		}
	}

}
