package fr.sesame.gateway.relay;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.GatewayProperties.IdentityHeaderNames;
import fr.sesame.gateway.application.Relay;
import fr.sesame.gateway.application.RoutedApplication;
import fr.sesame.gateway.policy.AgentIdentity;

/**
 * What an upstream receives about the agent, per its {@code relay} setting: the access token as
 * {@code Authorization: Bearer}, identity headers, both, or nothing. Whatever the mode, the gateway's session cookie
 * is taken out of the request (an upstream never sees it; {@link UpstreamSetCookies} keeps an upstream from setting
 * it); a bearer token the client sent is forwarded only in {@code token} mode. Other withheld cookies (auth-server's
 * session cookie when it shares the host name) are taken out too.
 *
 * <p>
 * Applied by {@link UpstreamRequestHeaders} to the headers Spring Cloud Gateway builds for the upstream request. The
 * application is the one the request was routed to; without one (no route is taken without one) nothing is relayed,
 * and the withheld cookies and any bearer token are still taken out.
 */
public final class IdentityRelay {

	private final Set<String> withheldCookies;

	/**
	 * @param sessionCookie the gateway's session cookie name
	 * @param withheldCookies other cookies never forwarded (auth-server's session cookie on a shared host name)
	 */
	public IdentityRelay(String sessionCookie, Set<String> withheldCookies) {
		Set<String> withheld = new HashSet<>();
		withheld.add(sessionCookie.toLowerCase(Locale.ROOT));
		withheldCookies.forEach((name) -> withheld.add(name.toLowerCase(Locale.ROOT)));
		this.withheldCookies = Set.copyOf(withheld);
	}

	/** Takes out of the upstream request what the client may not pass on, and puts in what the upstream relays. */
	void apply(HttpHeaders headers, ServerWebExchange exchange) {
		withoutSessionCookie(headers);
		relay(headers, RoutedApplication.of(exchange).orElse(null), RelayCredentials.of(exchange).orElse(null));
	}

	private static void relay(HttpHeaders headers, Application application, RelayCredentials credentials) {
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			headers.remove(HttpHeaders.AUTHORIZATION);
		}
		if (application == null || credentials == null) {
			return;
		}
		if (application.relays(Relay.TOKEN) && credentials.accessToken() != null) {
			headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + credentials.accessToken());
		}
		if (application.relays(Relay.HEADERS)) {
			identityHeaders(headers, application.headers(), credentials.agent());
		}
	}

	private static void identityHeaders(HttpHeaders headers, IdentityHeaderNames names, AgentIdentity agent) {
		put(headers, names.subject(), agent.subject());
		put(headers, names.login(), agent.login());
		put(headers, names.commune(), agent.commune());
		put(headers, names.roles(), String.join(",", new TreeSet<>(agent.roles())));
		put(headers, names.email(), agent.email());
		put(headers, names.name(), agent.name());
	}

	/**
	 * Header values are ASCII: values with other characters (accented names) are percent-encoded as UTF-8, the way
	 * an upstream would decode a URL component.
	 */
	private static void put(HttpHeaders headers, String name, String value) {
		headers.remove(name);
		if (value == null || value.isEmpty()) {
			return;
		}
		headers.set(name, isPrintableAscii(value) ? value
				: URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
	}

	private static boolean isPrintableAscii(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c >= 0x7f) {
				return false;
			}
		}
		return true;
	}

	private void withoutSessionCookie(HttpHeaders headers) {
		List<String> cookies = headers.get(HttpHeaders.COOKIE);
		if (cookies == null || cookies.isEmpty()) {
			return;
		}
		List<String> kept = new ArrayList<>();
		for (String header : cookies) {
			for (String pair : header.split(";")) {
				String trimmed = pair.trim();
				int eq = trimmed.indexOf('=');
				String name = (eq < 0) ? trimmed : trimmed.substring(0, eq).trim();
				if (!trimmed.isEmpty() && !this.withheldCookies.contains(name.toLowerCase(Locale.ROOT))) {
					kept.add(trimmed);
				}
			}
		}
		headers.remove(HttpHeaders.COOKIE);
		if (!kept.isEmpty()) {
			headers.set(HttpHeaders.COOKIE, String.join("; ", kept));
		}
	}

}
