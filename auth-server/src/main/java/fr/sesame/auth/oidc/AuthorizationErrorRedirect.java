package fr.sesame.auth.oidc;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Answers an authorization request with an error on the client's redirect URI (RFC 6749 4.1.2.1), the request's
 * state included. Only for a request whose redirect URI is one the client registered: an unregistered one gets the
 * endpoint's error page, never a redirect.
 */
public final class AuthorizationErrorRedirect {

	private AuthorizationErrorRedirect() {
	}

	public static void send(HttpServletRequest request, HttpServletResponse response, RegisteredClient client,
			String error) throws IOException {
		String redirectUri = request.getParameter("redirect_uri");
		if (redirectUri == null) {
			// Without the parameter, the endpoint accepts only a client with one registered URI (OAuth 2.1).
			redirectUri = client.getRedirectUris().iterator().next();
		}
		String state = request.getParameter("state");
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(redirectUri).queryParam("error", error);
		if (state != null) {
			target.queryParam("state", "{state}");
		}
		response.sendRedirect(target.encode().buildAndExpand((state != null) ? state : "").toUriString());
	}

}
