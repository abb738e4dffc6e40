package fr.sesame.auth.oidc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.lang.Nullable;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.CorsUtils;

import fr.sesame.auth.client.registry.Application;
import fr.sesame.auth.client.registry.Applications;

/**
 * Which web pages may call the OAuth2 endpoints from a browser (CORS). A single-page application is a public client:
 * after the redirect it exchanges its code, reads userinfo and revokes its tokens with JavaScript, from the origin of
 * its redirect URI, which the browser refuses unless Sésame allows that origin.
 * <ul>
 * <li>Discovery and the JWKS are public: any origin may read them.</li>
 * <li>The token, userinfo and revocation endpoints: the origins of public clients' registered redirect URIs only. A
 * confidential client calls them from its server, never from a page; and no cookie is ever allowed across origins
 * (these endpoints authenticate with a code verifier or a bearer token, not with the agent's session).</li>
 * <li>Nothing else: the authorization and logout endpoints are navigations, introspection is for servers.</li>
 * </ul>
 * Clients registered or changed at run time count from their next request: the registry is read each time.
 */
final class BrowserClientOrigins implements CorsConfigurationSource {

	private static final Set<String> PUBLIC_METADATA = Set.of("/.well-known/openid-configuration",
			"/.well-known/oauth-authorization-server", "/oauth2/jwks");

	private static final Set<String> BROWSER_CLIENT_ENDPOINTS = Set.of("/oauth2/token", "/userinfo", "/oauth2/revoke");

	private static final Duration PREFLIGHT_CACHE = Duration.ofHours(1);

	private final Applications applications;

	BrowserClientOrigins(Applications applications) {
		this.applications = applications;
	}

	/**
	 * The preflights (OPTIONS) a browser sends before calling these endpoints: Spring's endpoint matchers name only
	 * the methods the endpoints serve, so without this the preflight would land in another filter chain.
	 */
	static boolean isPreflightHere(HttpServletRequest request) {
		if (!CorsUtils.isPreFlightRequest(request)) {
			return false;
		}
		String path = pathOf(request);
		return PUBLIC_METADATA.contains(path) || BROWSER_CLIENT_ENDPOINTS.contains(path);
	}

	@Nullable
	@Override
	public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null) {
			return null;
		}
		String path = pathOf(request);
		if (PUBLIC_METADATA.contains(path)) {
			CorsConfiguration metadata = allowing(List.of(HttpMethod.GET.name()));
			metadata.addAllowedOrigin(CorsConfiguration.ALL);
			return metadata;
		}
		if (!BROWSER_CLIENT_ENDPOINTS.contains(path) || !isPublicClientOrigin(origin)) {
			return null;
		}
		CorsConfiguration browserClient = allowing(List.of(HttpMethod.GET.name(), HttpMethod.POST.name()));
		browserClient.addAllowedOrigin(origin);
		browserClient.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "DPoP"));
		browserClient.setExposedHeaders(List.of(HttpHeaders.WWW_AUTHENTICATE, "DPoP-Nonce"));
		return browserClient;
	}

	private static String pathOf(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	private static CorsConfiguration allowing(List<String> methods) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedMethods(methods);
		configuration.setAllowCredentials(false);
		configuration.setMaxAge(PREFLIGHT_CACHE);
		return configuration;
	}

	private boolean isPublicClientOrigin(String origin) {
		String wanted = origin.toLowerCase(Locale.ROOT);
		for (Application application : this.applications.all()) {
			if (!application.isPublic()) {
				continue;
			}
			for (String redirectUri : application.redirectUris()) {
				if (wanted.equals(originOf(redirectUri))) {
					return true;
				}
			}
		}
		return false;
	}

	/** scheme://host[:port] as a browser sends it in {@code Origin}: no default port, lower case. */
	@Nullable
	private static String originOf(String redirectUri) {
		URI uri;
		try {
			uri = URI.create(redirectUri);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (uri.getScheme() == null || uri.getHost() == null) {
			return null;
		}
		String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
		boolean defaultPort = uri.getPort() == -1 || ("https".equals(scheme) && uri.getPort() == 443)
				|| ("http".equals(scheme) && uri.getPort() == 80);
		return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + uri.getPort());
	}

}
