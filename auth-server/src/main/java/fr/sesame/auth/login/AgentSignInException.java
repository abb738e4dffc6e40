package fr.sesame.auth.login;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/** A refused sign-in, with what the login page needs to tell the agent. */
public final class AgentSignInException extends AuthenticationException {

	private final SignInError error;

	private final String communeId;

	private final Duration retryAfter;

	AgentSignInException(SignInError error, String communeId, Duration retryAfter) {
		super("Sign-in refused: " + error.code());
		this.error = error;
		this.communeId = communeId;
		this.retryAfter = retryAfter;
	}

	AgentSignInException(SignInError error, String communeId) {
		this(error, communeId, Duration.ZERO);
	}

	public SignInError error() {
		return this.error;
	}

	/** The commune the attempt was routed to, or {@code null} when none could be. */
	public String communeId() {
		return this.communeId;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
