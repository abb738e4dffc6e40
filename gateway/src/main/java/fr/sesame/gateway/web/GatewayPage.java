package fr.sesame.gateway.web;

import org.springframework.web.server.ServerWebExchange;

/**
 * Marks a response the gateway wrote itself (portal, refusal and error pages), even under an application's path, so
 * that it gets the gateway's security headers while upstream responses keep their own.
 */
public final class GatewayPage {

	private static final String ATTRIBUTE = GatewayPage.class.getName();

	private GatewayPage() {
	}

	public static void mark(ServerWebExchange exchange) {
		exchange.getAttributes().put(ATTRIBUTE, Boolean.TRUE);
	}

	public static boolean isMarked(ServerWebExchange exchange) {
		return Boolean.TRUE.equals(exchange.getAttribute(ATTRIBUTE));
	}

}
