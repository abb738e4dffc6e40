package fr.sesame.auth.oidc;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.lang.Nullable;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;

/**
 * Errors of the authorization endpoint. When the client and its redirect URI were verified, the error goes back to
 * the client as RFC 6749 §4.1.2.1 says; otherwise (unknown client, unregistered redirect URI) the browser must not be
 * redirected anywhere, and the agent gets a page that explains it instead of a bare status.
 * <p>
 * Spring's endpoint verifies the client and the redirect URI after it has read the request: an error it finds while
 * reading (no {@code response_type}, or one other than {@code code}) comes without them, and would leave the client
 * waiting for an answer that never comes. Those are checked here from the request's parameters, as strictly (a single
 * client id, registered; a single redirect URI, registered exactly), before the error is sent back.
 */
final class AuthorizationErrorPage implements AuthenticationFailureHandler {

	static final String ERROR_PATH = "/oauth2/error";

	static final String ERROR_ATTRIBUTE = AuthorizationErrorPage.class.getName() + ".error";

	private static final Logger logger = LoggerFactory.getLogger(AuthorizationErrorPage.class);

	private final AuthorizationResponses responses;

	private final RegisteredClientRepository clients;

	AuthorizationErrorPage(AuthorizationResponses responses, RegisteredClientRepository clients) {
		this.responses = responses;
		this.clients = clients;
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
		Optional<String> redirectUri = (authorizationRequest == null) ? verifiedRedirectUri(request) : Optional.empty();
		if (redirectUri.isPresent()) {
			logger.info("Authorization request refused, error sent to the client: client={} error={}",
					printable(request.getParameter(OAuth2ParameterNames.CLIENT_ID)), error.getErrorCode());
			this.responses.sendError(request, response, redirectUri.get(), error.getErrorCode(),
					error.getDescription(), single(request, OAuth2ParameterNames.STATE));
			return;
		}
		logger.info("Authorization request refused, no redirect: client={} error={} parameter={}",
				printable(clientId), error.getErrorCode(), printable(error.getDescription()));
		request.setAttribute(ERROR_ATTRIBUTE, error);
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		request.getRequestDispatcher(ERROR_PATH).forward(request, response);
	}

	private Optional<String> verifiedRedirectUri(HttpServletRequest request) {
		String clientId = single(request, OAuth2ParameterNames.CLIENT_ID);
		String[] redirectUris = request.getParameterValues(OAuth2ParameterNames.REDIRECT_URI);
		if (clientId == null || (redirectUris != null && redirectUris.length > 1)) {
			return Optional.empty();
		}
		RegisteredClient client = this.clients.findByClientId(clientId);
		return (client != null)
				? AuthorizationResponses.registeredRedirectUri(client, (redirectUris != null) ? redirectUris[0] : null)
				: Optional.empty();
	}

	/** The parameter's value when the request gives it once, as OAuth 2.0 wants every parameter (§3.1). */
	@Nullable
	private static String single(HttpServletRequest request, String name) {
		String[] values = request.getParameterValues(name);
		return (values != null && values.length == 1 && StringUtils.hasText(values[0])) ? values[0] : null;
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
