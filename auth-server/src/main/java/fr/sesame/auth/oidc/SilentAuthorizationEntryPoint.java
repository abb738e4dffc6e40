package fr.sesame.auth.oidc;

import java.io.IOException;
import java.util.Arrays;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Where an authorization request without a signed-in agent is sent to the login page, except when it says
 * {@code prompt=none}: OpenID Connect Core (3.1.2.1) forbids any login page then, and the client gets
 * {@code login_required} on its redirect URI. Relying parties check for a single sign-on session that way, without
 * showing anything (a silent renewal in a hidden frame, a gateway probing a session).
 * <p>
 * Spring's authorization server validates the request before its access decision, and only a request it validated
 * (registered client and redirect URI, PKCE) gets the redirect: any other keeps the endpoint's own error.
 */
final class SilentAuthorizationEntryPoint implements AuthenticationEntryPoint {

	private static final Logger logger = LoggerFactory.getLogger(SilentAuthorizationEntryPoint.class);

	private final AuthenticationEntryPoint loginPage;

	private final RegisteredClientRepository clients;

	private final AuthorizationResponses responses;

	SilentAuthorizationEntryPoint(AuthenticationEntryPoint loginPage, RegisteredClientRepository clients,
			AuthorizationResponses responses) {
		this.loginPage = loginPage;
		this.clients = clients;
		this.responses = responses;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
			throws IOException, ServletException {
		RegisteredClient client = silentRequestClient(request);
		if (client == null) {
			this.loginPage.commence(request, response, reason);
			return;
		}
		logger.info("Silent authorization request without a session: client={} error=login_required",
				client.getClientId());
		this.responses.sendError(request, response, client, "login_required");
	}

	private RegisteredClient silentRequestClient(HttpServletRequest request) {
		Object validated = request.getAttribute(OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName());
		if (!(validated instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest)
				|| !authorizationRequest.getScopes().contains(OidcScopes.OPENID)
				|| !(authorizationRequest.getAdditionalParameters().get("prompt") instanceof String prompt)
				|| !Arrays.asList(prompt.split(" ")).contains("none")) {
			return null;
		}
		return this.clients.findByClientId(authorizationRequest.getClientId());
	}

}
