package fr.sesame.gateway.application;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Every configured application, in matching order, and which one a request is for. The routes and the policy both
 * ask this one place, so that the application whose policy is checked is always the one the request is sent to.
 */
public final class Applications {

	/** Identity headers a client may try to spoof whatever the configuration says. */
	private static final List<String> WELL_KNOWN_IDENTITY_HEADERS = List.of("X-Forwarded-User", "X-Forwarded-Email",
			"X-Forwarded-Preferred-Username", "X-Forwarded-Groups", "X-Forwarded-Access-Token", "X-Remote-User",
			"Remote-User", "X-Remote-Group", "X-User", "X-Auth-User", "X-Authenticated-User", "X-Webauth-User");

	/** Header name prefixes reserved for identity: our own, and oauth2-proxy's. */
	private static final List<String> IDENTITY_HEADER_PREFIXES = List.of("x-sesame-", "x-auth-request-");

	/**
	 * Paths the gateway itself answers on every host: sign-in, sign-out, back-channel logout, its pages and
	 * assets, health and metrics. No application can take them over.
	 */
	public static final List<String> GATEWAY_PATH_PREFIXES = List.of("/oauth2/", "/login/oauth2/", "/logout",
			"/actuator/", "/actuator", "/sesame-gateway/");

	private static final AntPathMatcher HOST_MATCHER = new AntPathMatcher(".");

	private final List<Application> inOrder;

	private final List<Matcher> matchers;

	private final Set<String> identityHeaders;

	public Applications(GatewayProperties properties) {
		this.inOrder = properties.applications()
			.entrySet()
			.stream()
			.map((Map.Entry<String, GatewayProperties.ApplicationSettings> entry) -> Application.of(entry.getKey(),
					entry.getValue(), properties.rateLimits()))
			.sorted(Comparator.comparingInt(Application::order).thenComparing(Application::id))
			.toList();
		this.matchers = this.inOrder.stream().map(Matcher::new).toList();
		Set<String> headers = new HashSet<>();
		WELL_KNOWN_IDENTITY_HEADERS.forEach((name) -> headers.add(name.toLowerCase(Locale.ROOT)));
		this.inOrder.forEach((application) -> application.headers()
			.all()
			.forEach((name) -> headers.add(name.toLowerCase(Locale.ROOT))));
		this.identityHeaders = Set.copyOf(headers);
	}

	public List<Application> all() {
		return this.inOrder;
	}

	public Optional<Application> byId(String id) {
		return this.inOrder.stream().filter((application) -> application.id().equals(id)).findFirst();
	}

	public Optional<Application> find(ServerHttpRequest request) {
		String host = request.getURI().getHost();
		String path = request.getPath().pathWithinApplication().value();
		if (isGatewayPath(path)) {
			return Optional.empty();
		}
		PathContainer container = PathContainer.parsePath(path);
		for (Matcher matcher : this.matchers) {
			if (matcher.matches(host, container)) {
				return Optional.of(matcher.application);
			}
		}
		return Optional.empty();
	}

	public static boolean isGatewayPath(String path) {
		for (String prefix : GATEWAY_PATH_PREFIXES) {
			if (path.equals(prefix) || path.startsWith(prefix)
					&& (prefix.endsWith("/") || path.charAt(prefix.length()) == '/')) {
				return true;
			}
		}
		return false;
	}

	/** Whether a request header carries, or pretends to carry, an agent's identity. */
	public boolean isIdentityHeader(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (this.identityHeaders.contains(lower)) {
			return true;
		}
		for (String prefix : IDENTITY_HEADER_PREFIXES) {
			if (lower.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	/** The configured identity header names, for documentation and tests. */
	public Set<String> identityHeaderNames() {
		Set<String> names = new LinkedHashSet<>(WELL_KNOWN_IDENTITY_HEADERS);
		this.inOrder.stream().flatMap((application) -> Stream.of(application.headers())).forEach((h) -> names.addAll(h.all()));
		return names;
	}

	/** One application's predicates, parsed once so that a malformed pattern stops the start-up. */
	private static final class Matcher {

		private final Application application;

		private final List<PathPattern> paths;

		private final List<String> hosts;

		Matcher(Application application) {
			this.application = application;
			this.paths = application.paths().stream().map((path) -> parse(application, path)).toList();
			this.hosts = application.hosts().stream().map((host) -> host.toLowerCase(Locale.ROOT)).toList();
		}

		boolean matches(String host, PathContainer path) {
			if (!matchesHost(host)) {
				return false;
			}
			for (PathPattern pattern : this.paths) {
				if (pattern.matches(path)) {
					return true;
				}
			}
			return this.paths.isEmpty();
		}

		private boolean matchesHost(String host) {
			if (this.hosts.isEmpty()) {
				return true;
			}
			if (host == null) {
				return false;
			}
			String lower = host.toLowerCase(Locale.ROOT);
			for (String pattern : this.hosts) {
				if (HOST_MATCHER.match(pattern, lower)) {
					return true;
				}
			}
			return false;
		}

		private static PathPattern parse(Application application, String path) {
			try {
				return PathPatternParser.defaultInstance.parse(path);
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("sesame.gateway.applications[" + application.id() + "].paths: '"
						+ path + "' is not a valid path pattern: " + ex.getMessage(), ex);
			}
		}

	}

}
