package fr.sesame.auth.logout;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * RP-initiated logout without {@code id_token_hint}, which OpenID Connect RP-Initiated Logout 1.0 allows (the hint is
 * recommended, not required) and which relying parties with a fixed sign-out address send. Spring's endpoint refuses
 * such a request with a JSON error the agent would see; here the browser goes to {@link SignOutController}'s page
 * instead, which asks the agent to confirm, as the specification says when the request cannot be tied to the
 * session. A request with a hint goes on to Spring's endpoint unchanged.
 */
public final class LogoutWithoutIdTokenHint extends OncePerRequestFilter {

	static final String ENDPOINT = "/connect/logout";

	/** What the confirmation page needs from the request; nothing else is carried over. */
	private static final List<String> KEPT = List.of("client_id", "post_logout_redirect_uri", "state", "ui_locales");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().equals(request.getContextPath() + ENDPOINT)
				|| StringUtils.hasText(request.getParameter("id_token_hint"));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		MultiValueMap<String, String> kept = new LinkedMultiValueMap<>();
		for (String name : KEPT) {
			String value = request.getParameter(name);
			if (StringUtils.hasText(value)) {
				kept.add(name, value);
			}
		}
		// Relative, as every redirect of auth-server: no Host header decides where the browser goes.
		response.sendRedirect(UriComponentsBuilder.fromPath(request.getContextPath() + SignOutController.PATH)
			.queryParams(kept)
			.encode()
			.build()
			.toUriString());
	}

}
