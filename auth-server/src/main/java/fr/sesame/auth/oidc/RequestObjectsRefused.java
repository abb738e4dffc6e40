package fr.sesame.auth.oidc;

import java.util.function.Consumer;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Refuses authorization requests that pass their parameters in a request object ({@code request}, OIDC Core §6.1),
 * which Sésame does not support, with the error OIDC Core §3.1.2.6 defines for it, sent back to the client.
 * <p>
 * Spring's endpoint would otherwise ignore the object and proceed with the plain parameters: a relying party that
 * put its {@code acr_values}, {@code max_age} or {@code nonce} in the request object only would get a code issued
 * without them, a weaker sign-in than it asked for. Runs after the redirect URI was checked, so the error only ever
 * goes to an address the client registered. ({@code request_uri} needs nothing here: Spring reads it as the reference
 * of a pushed request, finds none, and refuses with {@code invalid_request}.) Discovery says
 * {@code request_parameter_supported} and {@code request_uri_parameter_supported} are false.
 */
final class RequestObjectsRefused implements Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> {

	private static final String REQUEST_NOT_SUPPORTED = "request_not_supported";

	private static final String ERROR_URI = "https://openid.net/specs/openid-connect-core-1_0.html#AuthError";

	@Override
	public void accept(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
		OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
		if (request.getAdditionalParameters().containsKey("request")) {
			throw refusal(request, context.getRegisteredClient());
		}
	}

	private static OAuth2AuthorizationCodeRequestAuthenticationException refusal(
			OAuth2AuthorizationCodeRequestAuthenticationToken request, RegisteredClient client) {
		String redirectUri = AuthorizationResponses.registeredRedirectUri(client, request.getRedirectUri()).orElse(null);
		OAuth2AuthorizationCodeRequestAuthenticationToken answered = new OAuth2AuthorizationCodeRequestAuthenticationToken(
				request.getAuthorizationUri(), request.getClientId(), (Authentication) request.getPrincipal(),
				redirectUri, request.getState(), request.getScopes(), request.getAdditionalParameters());
		return new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(REQUEST_NOT_SUPPORTED,
				"request objects are not supported: send the parameters in the URL", ERROR_URI), answered);
	}

}
