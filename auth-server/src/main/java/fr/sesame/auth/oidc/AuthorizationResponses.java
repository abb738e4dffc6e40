package fr.sesame.auth.oidc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.lang.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Every answer to an authorization request that goes back to the client's redirect URI, code or error (RFC 6749
 * 4.1.2 and 4.1.2.1), with the request's state and Sésame's issuer identifier ({@code iss}, RFC 9207, advertised in
 * discovery): a client that talks to several providers can then tell which one answered, the defence against mix-up
 * attacks that RFC 9700 (4.4) asks for. Only for a request whose redirect URI the client registered: any other gets
 * the endpoint's error page, never a redirect.
 */
public final class AuthorizationResponses implements AuthenticationSuccessHandler {

	private final String issuer;

	public AuthorizationResponses(String issuer) {
		this.issuer = issuer;
	}

	/** The code, as Spring's endpoint issued it. */
	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		OAuth2AuthorizationCodeRequestAuthenticationToken issued = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(issued.getRedirectUri())
			.queryParam(OAuth2ParameterNames.CODE, issued.getAuthorizationCode().getTokenValue());
		response.sendRedirect(withStateAndIssuer(target, issued.getState()));
	}

	/** An error for a request Sésame itself read: its redirect URI and state come from the request's parameters. */
	public void sendError(HttpServletRequest request, HttpServletResponse response, RegisteredClient client,
			String error) throws IOException {
		String redirectUri = request.getParameter(OAuth2ParameterNames.REDIRECT_URI);
		if (redirectUri == null) {
			// Without the parameter, the endpoint accepts only a client with one registered URI (OAuth 2.1).
			redirectUri = client.getRedirectUris().iterator().next();
		}
		response.sendRedirect(errorUri(redirectUri, error, null, request.getParameter(OAuth2ParameterNames.STATE)));
	}

	/** The redirect URI of an error, its description and state included when there are some. */
	public String errorUri(String redirectUri, String error, @Nullable String description, @Nullable String state) {
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(redirectUri)
			.queryParam(OAuth2ParameterNames.ERROR, error);
		if (StringUtils.hasText(description)) {
			target.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encode(description));
		}
		return withStateAndIssuer(target, state);
	}

	private String withStateAndIssuer(UriComponentsBuilder target, @Nullable String state) {
		if (StringUtils.hasText(state)) {
			target.queryParam(OAuth2ParameterNames.STATE, encode(state));
		}
		// build(true): every value above is encoded already, and the redirect URI is exactly as registered.
		return target.queryParam("iss", encode(this.issuer)).build(true).toUriString();
	}

	private static String encode(String value) {
		return UriUtils.encode(value, StandardCharsets.UTF_8);
	}

}
