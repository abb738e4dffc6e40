package fr.sesame.auth.login;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.ResponseCookie;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

import fr.sesame.auth.agent.SignedInAgents;

/**
 * Remembers the agent's commune in a cookie, so the next sign-in preselects it, then resumes the authorization
 * request that was interrupted by the login page; the oldest of the agent's sessions end beyond its limit.
 */
final class LoginSuccessHandler implements AuthenticationSuccessHandler {

	static final String COMMUNE_COOKIE = "sesame_commune";

	private final SignedInAgents signedInAgents;

	private final SessionLimit sessionLimit;

	private final AuthenticationSuccessHandler resume = new SavedRequestAwareAuthenticationSuccessHandler();

	LoginSuccessHandler(SignedInAgents signedInAgents, SessionLimit sessionLimit) {
		this.signedInAgents = signedInAgents;
		this.sessionLimit = sessionLimit;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		this.signedInAgents.find(authentication.getName()).ifPresent((agent) -> {
			ResponseCookie cookie = ResponseCookie.from(COMMUNE_COOKIE, agent.communeId())
				.path(request.getContextPath() + "/")
				.maxAge(java.time.Duration.ofDays(365))
				.httpOnly(true)
				.secure(request.isSecure())
				.sameSite("Lax")
				.build();
			response.addHeader("Set-Cookie", cookie.toString());
		});
		HttpSession session = request.getSession(false);
		if (session != null) {
			this.sessionLimit.signedIn(authentication.getName(), session.getId());
		}
		this.resume.onAuthenticationSuccess(request, response, authentication);
	}

}
