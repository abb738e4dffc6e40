package fr.sesame.auth.oidc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.ServletException;
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
 * <p>
 * The answer goes where the request's {@code response_mode} says: in the redirect's query, in its fragment, or, for
 * {@code form_post} (OAuth 2.0 Form Post Response Mode), through a page whose form posts them to the redirect URI (the
 * code then stays out of URLs, browser history and the client's access logs; ASP.NET Core asks for it by default).
 * Without one, the response type's default mode (OAuth 2.0 Multiple Response Type Encoding Practices §2.1 and §5):
 * the fragment for types that would put tokens in the URL, which is how a client that asked for one of those reads
 * the error refusing it; the query otherwise. Spring's endpoint ignores the parameter and always uses the query.
 */
public final class AuthorizationResponses implements AuthenticationSuccessHandler {

	static final String RESPONSE_MODE = "response_mode";

	static final String QUERY = "query";

	static final String FRAGMENT = "fragment";

	static final String FORM_POST = "form_post";

	static final List<String> RESPONSE_MODES = List.of(QUERY, FRAGMENT, FORM_POST);

	/** Where the form page is rendered, with the attributes below set (a direct request finds nothing there). */
	static final String FORM_POST_PATH = "/oauth2/form-post";

	static final String ACTION_ATTRIBUTE = AuthorizationResponses.class.getName() + ".action";

	static final String FIELDS_ATTRIBUTE = AuthorizationResponses.class.getName() + ".fields";

	private final String issuer;

	public AuthorizationResponses(String issuer) {
		this.issuer = issuer;
	}

	/** The code, as Spring's endpoint issued it. */
	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		OAuth2AuthorizationCodeRequestAuthenticationToken issued = (OAuth2AuthorizationCodeRequestAuthenticationToken) authentication;
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put(OAuth2ParameterNames.CODE, issued.getAuthorizationCode().getTokenValue());
		send(request, response, issued.getRedirectUri(), parameters, issued.getState());
	}

	/** An error for a request Sésame itself read: its redirect URI and state come from the request's parameters. */
	public void sendError(HttpServletRequest request, HttpServletResponse response, RegisteredClient client,
			String error) throws IOException, ServletException {
		String redirectUri = registeredRedirectUri(client, request.getParameter(OAuth2ParameterNames.REDIRECT_URI))
			.orElseThrow(() -> new IllegalStateException("an unverified redirect URI for " + client.getClientId()));
		sendError(request, response, redirectUri, error, null, request.getParameter(OAuth2ParameterNames.STATE));
	}

	/**
	 * The address that may receive an answer to a request of this client: the redirect URI the request names, if the
	 * client registered exactly it, or, when the request names none, the client's only one (OAuth 2.1). Empty when
	 * nothing may be sent back to the client.
	 */
	public static Optional<String> registeredRedirectUri(RegisteredClient client, @Nullable String requested) {
		Set<String> registered = client.getRedirectUris();
		if (StringUtils.hasText(requested)) {
			return registered.contains(requested) ? Optional.of(requested) : Optional.empty();
		}
		return (registered.size() == 1) ? Optional.of(registered.iterator().next()) : Optional.empty();
	}

	/** An error to a redirect URI already verified, with its description and state when there are some. */
	public void sendError(HttpServletRequest request, HttpServletResponse response, String redirectUri, String error,
			@Nullable String description, @Nullable String state) throws IOException, ServletException {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put(OAuth2ParameterNames.ERROR, error);
		if (StringUtils.hasText(description)) {
			parameters.put(OAuth2ParameterNames.ERROR_DESCRIPTION, description);
		}
		send(request, response, redirectUri, parameters, state);
	}

	private void send(HttpServletRequest request, HttpServletResponse response, String redirectUri,
			Map<String, String> parameters, @Nullable String state) throws IOException, ServletException {
		if (StringUtils.hasText(state)) {
			parameters.put(OAuth2ParameterNames.STATE, state);
		}
		parameters.put("iss", this.issuer);
		String mode = responseMode(request);
		if (FORM_POST.equals(mode)) {
			request.setAttribute(ACTION_ATTRIBUTE, redirectUri);
			request.setAttribute(FIELDS_ATTRIBUTE, parameters);
			request.getRequestDispatcher(FORM_POST_PATH).forward(request, response);
			return;
		}
		Map<String, String> encoded = new LinkedHashMap<>();
		parameters.forEach((name, value) -> encoded.put(name, UriUtils.encode(value, StandardCharsets.UTF_8)));
		UriComponentsBuilder target = UriComponentsBuilder.fromUriString(redirectUri);
		if (FRAGMENT.equals(mode)) {
			target.fragment(encoded.entrySet()
				.stream()
				.map((parameter) -> parameter.getKey() + "=" + parameter.getValue())
				.collect(Collectors.joining("&")));
		}
		else {
			encoded.forEach(target::queryParam);
		}
		// build(true): every value is encoded already, and the redirect URI is exactly as registered.
		response.sendRedirect(target.build(true).toUriString());
	}

	private static String responseMode(HttpServletRequest request) {
		String asked = request.getParameter(RESPONSE_MODE);
		if (asked != null && RESPONSE_MODES.contains(asked)) {
			return asked;
		}
		String type = request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE);
		boolean tokensInTheUrl = (type != null) && Arrays.stream(type.split(" "))
			.anyMatch((value) -> value.equals("token") || value.equals("id_token"));
		return tokensInTheUrl ? FRAGMENT : QUERY;
	}

}
