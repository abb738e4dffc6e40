package fr.sesame.gateway.hygiene;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Applications;

/**
 * Removes, before the policy and before any upstream, every header a client could use to claim an identity: the
 * configured identity headers, the usual ones ({@code X-Forwarded-User}, {@code X-Remote-User}, {@code Remote-User},
 * {@code X-Auth-Request-*}…) and anything under our own {@code X-Sesame-} prefix. {@code Forwarded} and
 * {@code X-Forwarded-*} go too unless the connection comes from a trusted proxy; the gateway sets its own
 * ({@link ForwardedHeaders}). Applied to every request by {@code web.FrontDoor}.
 */
public final class IdentityHeaderHygiene {

	private final Applications applications;

	private final TrustedProxies proxies;

	public IdentityHeaderHygiene(Applications applications, TrustedProxies proxies) {
		this.applications = applications;
		this.proxies = proxies;
	}

	/** @return the exchange without those headers (the same exchange when it has none) */
	public ServerWebExchange apply(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		boolean fromProxy = this.proxies.isTrusted(request.getRemoteAddress());
		List<String> doomed = new ArrayList<>(0);
		for (String name : request.getHeaders().headerNames()) {
			if (this.applications.isIdentityHeader(name) || (!fromProxy && isForwarding(name))) {
				doomed.add(name);
			}
		}
		if (doomed.isEmpty()) {
			return exchange;
		}
		ServerHttpRequest cleaned = request.mutate().headers((headers) -> doomed.forEach(headers::remove)).build();
		return exchange.mutate().request(cleaned).build();
	}

	private static boolean isForwarding(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.startsWith("x-forwarded-") || lower.equals("forwarded") || lower.equals("x-real-ip");
	}

}
