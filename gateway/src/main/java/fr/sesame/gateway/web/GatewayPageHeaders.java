package fr.sesame.gateway.web;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.RoutedApplication;

/**
 * Security headers on the gateway's own responses: its pages carry no script and no inline style, so the policy can
 * forbid both. Responses from upstream applications are left as the application wrote them (their pages may need
 * scripts); Spring Security's header writer is switched off for that reason. {@code form-action} is left out because
 * browsers apply it to the redirects that follow the sign-out form, which end at auth-server.
 */
public final class GatewayPageHeaders {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
			+ "frame-ancestors 'none'; base-uri 'none'";

	/** Every request's response gets them when it is the gateway's own; applied by {@link FrontDoor}. */
	void apply(ServerWebExchange exchange) {
		exchange.getResponse().beforeCommit(() -> {
			if (RoutedApplication.of(exchange).isEmpty() || GatewayPage.isMarked(exchange)) {
				write(exchange, exchange.getResponse());
			}
			return Mono.empty();
		});
	}

	private static void write(ServerWebExchange exchange, ServerHttpResponse response) {
		HttpHeaders headers = response.getHeaders();
		headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("X-Frame-Options", "DENY");
		headers.set("Referrer-Policy", "no-referrer");
		headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
		headers.set("Cross-Origin-Opener-Policy", "same-origin");
		if ("https".equals(exchange.getRequest().getURI().getScheme())) {
			headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
		}
		if (!headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
			headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
		}
	}

}
