package fr.sesame.auth.oidc;

import java.util.function.Consumer;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;

/**
 * An authorization request's {@code redirect_uri} must be one the client registered, character for character
 * (RFC 9700 §4.1.3). Spring's validator lets a loopback address ({@code 127.0.0.1}, {@code [::1]}) take any port, as
 * RFC 8252 §7.3 allows native applications: on the agent's machine another port can be another program, and the rest
 * of Sésame (the error redirects of {@link AuthorizationResponses}) only ever answers a registered address. Refused
 * here first, with the same error page as any unregistered redirect URI and nothing sent to the address.
 */
final class ExactRedirectUris implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private static final String ERROR_URI = "https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.2.1";

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		String requested = request.getRedirectUri();
		if (requested == null || context.getRegisteredClient().getRedirectUris().contains(requested)) {
			return;
		}
		// No redirect URI in the answer: the endpoint's failure handler then shows the error page.
		OAuth2AuthorizationCodeRequestAuthenticationToken unanswerable = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(), null,
				request.getState(), request.getScopes(), request.getAdditionalParameters());
		throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST,
				"OAuth 2.0 Parameter: " + OAuth2ParameterNames.REDIRECT_URI, ERROR_URI), unanswerable);
	}

}
