package fr.sesame.auth.oidc;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;

/**
 * Errors of the authorization endpoint. When the client and its redirect URI were verified, the error goes back to
 * the client as RFC 6749 §4.1.2.1 says; otherwise (unknown client, unregistered redirect URI) the browser must not be
 * redirected anywhere, and the agent gets a page that explains it instead of a bare status.
 */
final class AuthorizationErrorPage implements AuthenticationFailureHandler {

	static final String ERROR_PATH = "/oauth2/error";

	static final String ERROR_ATTRIBUTE = AuthorizationErrorPage.class.getName() + ".error";

	private static final Logger logger = LoggerFactory.getLogger(AuthorizationErrorPage.class);

	private final AuthorizationResponses responses;

	AuthorizationErrorPage(AuthorizationResponses responses) {
		this.responses = responses;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException, ServletException {
		OAuth2Error error = (exception instanceof OAuth2AuthenticationException oauth2) ? oauth2.getError()
				: new OAuth2Error("server_error");
		OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest = (exception instanceof OAuth2AuthorizationCodeRequestAuthenticationException codeRequest)
				? codeRequest.getAuthorizationCodeRequestAuthentication() : null;
		String clientId = (authorizationRequest != null) ? authorizationRequest.getClientId() : null;
		if (authorizationRequest != null && StringUtils.hasText(authorizationRequest.getRedirectUri())) {
			logger.info("Authorization request refused, error sent to the client: client={} error={}",
					printable(clientId), error.getErrorCode());
			this.responses.sendError(request, response, authorizationRequest.getRedirectUri(), error.getErrorCode(),
					error.getDescription(), authorizationRequest.getState());
			return;
		}
		logger.info("Authorization request refused, no redirect: client={} error={} parameter={}",
				printable(clientId), error.getErrorCode(), printable(error.getDescription()));
		request.setAttribute(ERROR_ATTRIBUTE, error);
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		request.getRequestDispatcher(ERROR_PATH).forward(request, response);
	}

	/** Client ids and descriptions come from the network: keep log lines single-line and short. */
	private static String printable(String value) {
		if (value == null) {
			return "none";
		}
		String cleaned = value.replaceAll("[^\\x20-\\x7E]", "?");
		return (cleaned.length() > 80) ? cleaned.substring(0, 80) + "…" : cleaned;
	}

}
