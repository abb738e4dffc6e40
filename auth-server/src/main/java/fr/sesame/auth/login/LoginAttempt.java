package fr.sesame.auth.login;

import java.io.Serializable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * A refused attempt, kept in the session for exactly one rendering of the login page (post/redirect/get), so the
 * page can say what went wrong and keep what the agent typed, never the password.
 *
 * @param login what was typed, shortened for display
 * @param communeId the commune picked or routed to, or {@code null}
 * @param error what went wrong
 * @param retryAfterSeconds for throttling, how long to wait
 */
record LoginAttempt(String login, String communeId, SignInError error, long retryAfterSeconds) implements Serializable {

	private static final String ATTRIBUTE = LoginAttempt.class.getName();

	private static final int MAX_DISPLAYED_LOGIN = 256;

	LoginAttempt {
		if (login != null && login.length() > MAX_DISPLAYED_LOGIN) {
			login = login.substring(0, MAX_DISPLAYED_LOGIN);
		}
	}

	void saveIn(HttpServletRequest request) {
		request.getSession().setAttribute(ATTRIBUTE, this);
	}

	/** Reads the attempt and forgets it, so a reload shows a clean form. */
	static LoginAttempt takeFrom(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session == null || !(session.getAttribute(ATTRIBUTE) instanceof LoginAttempt attempt)) {
			return null;
		}
		session.removeAttribute(ATTRIBUTE);
		return attempt;
	}

}
