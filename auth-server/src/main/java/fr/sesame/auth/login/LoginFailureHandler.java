package fr.sesame.auth.login;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/** Keeps what went wrong for the next rendering of the login page and sends the browser back to it. */
final class LoginFailureHandler implements AuthenticationFailureHandler {

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		SignInError error = SignInError.BAD_CREDENTIALS;
		String communeId = request.getParameter(AgentLoginDetails.COMMUNE_PARAMETER);
		long retryAfter = 0;
		if (exception instanceof AgentSignInException refused) {
			error = refused.error();
			communeId = (refused.communeId() != null) ? refused.communeId() : communeId;
			retryAfter = refused.retryAfter().toSeconds();
		}
		new LoginAttempt(request.getParameter("username"), communeId, error, retryAfter).saveIn(request);
		response.sendRedirect(request.getContextPath() + "/login?error");
	}

}
