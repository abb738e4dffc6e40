package fr.sesame.auth.login;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.web.savedrequest.DefaultSavedRequest;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;

/**
 * The authorization request a sign-in answers, as Spring Security saved it before sending the browser to the login
 * page: the hints a relying party gives there ({@code login_hint}, {@code ui_locales}, OpenID Connect Core 3.1.2.1)
 * are read from it: the login page's own URL carries none of them.
 */
final class PendingAuthorization {

	/** Longer than any login (as LoginInput); a hint over it, or with control characters, is ignored. */
	private static final int MAX_HINT_LENGTH = 256;

	private static final HttpSessionRequestCache SAVED_REQUESTS = new HttpSessionRequestCache();

	private PendingAuthorization() {
	}

	/**
	 * The first value of one of the pending authorization request's parameters, if the session holds such a request
	 * and the value is printable and short. Creates no session.
	 */
	static Optional<String> parameter(HttpServletRequest request, String name) {
		// Reads the session's attribute only: no session is created, and the response is not needed.
		if (!(SAVED_REQUESTS.getRequest(request, null) instanceof DefaultSavedRequest saved)
				|| !saved.getRequestURI().equals(request.getContextPath() + "/oauth2/authorize")) {
			return Optional.empty();
		}
		String[] values = saved.getParameterValues(name);
		if (values == null || values.length == 0) {
			return Optional.empty();
		}
		String value = values[0].strip();
		if (value.isEmpty() || value.length() > MAX_HINT_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
			return Optional.empty();
		}
		return Optional.of(value);
	}

}
