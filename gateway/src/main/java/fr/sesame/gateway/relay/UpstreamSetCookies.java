package fr.sesame.gateway.relay;

import java.util.List;
import java.util.Locale;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

/**
 * An upstream cannot set the gateway's session cookie on the browser: its {@code Set-Cookie} headers naming that
 * cookie are dropped from its response, the others pass. Applied by Spring Cloud Gateway to the upstream response's
 * headers before they are copied into the response, so the gateway's own cookies (written later, when the response
 * is committed) are never touched.
 */
public final class UpstreamSetCookies implements HttpHeadersFilter, Ordered {

	private final String prefix;

	/** @param sessionCookie the gateway's session cookie name */
	public UpstreamSetCookies(String sessionCookie) {
		this.prefix = sessionCookie.toLowerCase(Locale.ROOT) + "=";
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		List<String> setCookies = input.get(HttpHeaders.SET_COOKIE);
		if (setCookies == null || setCookies.isEmpty()) {
			return input;
		}
		HttpHeaders headers = new HttpHeaders();
		headers.putAll(input);
		List<String> kept = setCookies.stream()
			.filter((cookie) -> !cookie.trim().toLowerCase(Locale.ROOT).startsWith(this.prefix))
			.toList();
		headers.remove(HttpHeaders.SET_COOKIE);
		kept.forEach((cookie) -> headers.add(HttpHeaders.SET_COOKIE, cookie));
		return headers;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.RESPONSE;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
