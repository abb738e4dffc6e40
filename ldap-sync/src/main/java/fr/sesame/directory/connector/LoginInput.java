package fr.sesame.directory.connector;

import java.util.Optional;

import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;

/**
 * What may be sent to a directory at all. Checked before any search or bind, so that hostile input (control
 * characters, NUL, kilobytes of login) costs the directory nothing. Filter metacharacters are not refused here: they
 * are escaped by the filter factory and simply match no one.
 */
final class LoginInput {

	/** Longer than any real login (AD's UPN is at most 256 with its suffix). */
	static final int MAX_LOGIN_LENGTH = 256;

	/** Far above any directory's password policy, far below what would burden a bind. */
	static final int MAX_PASSWORD_LENGTH = 1024;

	private LoginInput() {
	}

	/** {@link Refusal#INVALID_INPUT} when the login or password must not reach the directory. */
	static Optional<Refusal> refusal(String login, String password) {
		if (loginRefusal(login).isPresent()) {
			return Optional.of(Refusal.INVALID_INPUT);
		}
		// An empty password would make a simple bind "unauthenticated" (RFC 4513 5.1.2), which some directories
		// accept as a success: it never reaches a bind.
		if (password == null || password.isEmpty() || password.length() > MAX_PASSWORD_LENGTH
				|| password.indexOf('\0') >= 0) {
			return Optional.of(Refusal.INVALID_INPUT);
		}
		return Optional.empty();
	}

	static Optional<Refusal> loginRefusal(String login) {
		if (login == null || login.isBlank() || login.length() > MAX_LOGIN_LENGTH) {
			return Optional.of(Refusal.INVALID_INPUT);
		}
		for (int i = 0; i < login.length(); i++) {
			char c = login.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				return Optional.of(Refusal.INVALID_INPUT);
			}
		}
		return Optional.empty();
	}

}
