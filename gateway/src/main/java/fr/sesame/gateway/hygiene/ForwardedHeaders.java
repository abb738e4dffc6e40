package fr.sesame.gateway.hygiene;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashSet;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * {@code X-Forwarded-For}, {@code -Proto}, {@code -Host}, {@code -Port} and {@code -Prefix} as the gateway saw the
 * request. Spring Cloud Gateway removes the client's own (no {@code spring.cloud.gateway.server.webflux.trusted-proxies}
 * is set, on purpose) with its header filters; {@code relay.UpstreamRequestHeaders} applies this after them and
 * writes the gateway's values, extending a trusted proxy's values rather than replacing them.
 */
public final class ForwardedHeaders {

	private final TrustedProxies proxies;

	public ForwardedHeaders(TrustedProxies proxies) {
		this.proxies = proxies;
	}

	/** Sets the gateway's {@code X-Forwarded-*} values in the upstream request's headers. */
	public void apply(HttpHeaders updated, ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		HttpHeaders original = request.getHeaders();
		InetSocketAddress remote = request.getRemoteAddress();
		boolean fromProxy = this.proxies.isTrusted(remote);
		String peer = (remote != null && remote.getAddress() != null) ? remote.getAddress().getHostAddress() : null;
		String chain = fromProxy ? original.getFirst("X-Forwarded-For") : null;
		if (peer != null) {
			updated.set("X-Forwarded-For", (chain != null && !chain.isBlank()) ? chain + ", " + peer : peer);
		}
		URI uri = request.getURI();
		String proto = trusted(fromProxy, original, "X-Forwarded-Proto", uri.getScheme());
		updated.set("X-Forwarded-Proto", proto);
		String host = trusted(fromProxy, original, "X-Forwarded-Host", original.getFirst(HttpHeaders.HOST));
		if (host != null) {
			updated.set("X-Forwarded-Host", host);
		}
		int port = (uri.getPort() > 0) ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
		updated.set("X-Forwarded-Port", trusted(fromProxy, original, "X-Forwarded-Port", String.valueOf(port)));
		String prefix = strippedPrefix(exchange);
		if (prefix != null) {
			updated.set("X-Forwarded-Prefix", prefix);
		}
	}

	private static String trusted(boolean fromProxy, HttpHeaders original, String name, String fallback) {
		String value = fromProxy ? original.getFirst(name) : null;
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	/** The leading part of the path the route removed (strip-prefix), if any. */
	private static String strippedPrefix(ServerWebExchange exchange) {
		LinkedHashSet<URI> originals = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
		URI routed = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
		if (originals == null || originals.isEmpty() || routed == null) {
			return null;
		}
		String originalPath = originals.iterator().next().getRawPath();
		String routedPath = routed.getRawPath();
		if (originalPath == null || routedPath == null || originalPath.equals(routedPath)
				|| !originalPath.endsWith(routedPath)) {
			return null;
		}
		String prefix = originalPath.substring(0, originalPath.length() - routedPath.length());
		return prefix.isEmpty() ? null : prefix;
	}

}
