package fr.sesame.gateway.relay;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.GatewayProperties.IdentityHeaderNames;
import fr.sesame.gateway.application.Relay;
import fr.sesame.gateway.policy.AgentIdentity;

/**
 * What an upstream receives about the agent, per its {@code relay} setting: the access token as
 * {@code Authorization: Bearer}, identity headers, both, or nothing. Whatever the mode, the gateway's session cookie
 * is taken out of the request (an upstream never sees it) and an upstream cannot set it on the browser; a bearer
 * token the client sent is forwarded only in {@code token} mode. Other withheld cookies (auth-server's session cookie
 * when it shares the host name) are taken out too.
 */
public final class IdentityRelay implements GatewayFilter {

	private final Application application;

	private final String sessionCookie;

	private final Set<String> withheldCookies;

	/**
	 * @param application the application this route leads to
	 * @param sessionCookie the gateway's session cookie name
	 * @param withheldCookies other cookies never forwarded (auth-server's session cookie on a shared host name)
	 */
	public IdentityRelay(Application application, String sessionCookie, Set<String> withheldCookies) {
		this.application = application;
		this.sessionCookie = sessionCookie;
		Set<String> withheld = new HashSet<>();
		withheld.add(sessionCookie.toLowerCase(Locale.ROOT));
		withheldCookies.forEach((name) -> withheld.add(name.toLowerCase(Locale.ROOT)));
		this.withheldCookies = Set.copyOf(withheld);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		RelayCredentials credentials = RelayCredentials.of(exchange).orElse(null);
		ServerHttpRequest request = exchange.getRequest().mutate().headers((headers) -> {
			withoutSessionCookie(headers);
			relay(headers, credentials);
		}).build();
		exchange.getResponse().beforeCommit(() -> {
			keepSessionCookieFromUpstream(exchange.getResponse().getHeaders());
			return Mono.empty();
		});
		return chain.filter(exchange.mutate().request(request).build());
	}

	private void relay(HttpHeaders headers, RelayCredentials credentials) {
		String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			headers.remove(HttpHeaders.AUTHORIZATION);
		}
		if (credentials == null) {
			return;
		}
		if (this.application.relays(Relay.TOKEN) && credentials.accessToken() != null) {
			headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + credentials.accessToken());
		}
		if (this.application.relays(Relay.HEADERS)) {
			identityHeaders(headers, this.application.headers(), credentials.agent());
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
		boolean ascii = value.chars().allMatch((c) -> c >= 0x20 && c < 0x7f);
		headers.set(name, ascii ? value : URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
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

	private void keepSessionCookieFromUpstream(HttpHeaders headers) {
		List<String> setCookies = headers.get(HttpHeaders.SET_COOKIE);
		if (setCookies == null || setCookies.isEmpty()) {
			return;
		}
		String prefix = this.sessionCookie.toLowerCase(Locale.ROOT) + "=";
		List<String> kept = setCookies.stream()
			.filter((cookie) -> !cookie.trim().toLowerCase(Locale.ROOT).startsWith(prefix))
			.toList();
		headers.remove(HttpHeaders.SET_COOKIE);
		kept.forEach((cookie) -> headers.add(HttpHeaders.SET_COOKIE, cookie));
	}

}
