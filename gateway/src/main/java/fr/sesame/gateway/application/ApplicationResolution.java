package fr.sesame.gateway.application;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Decides, before security, which application a request is for; requests for no application are the gateway's own
 * (portal, sign-in, logout, health).
 */
public final class ApplicationResolution implements WebFilter, Ordered {

	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	private final Applications applications;

	public ApplicationResolution(Applications applications) {
		this.applications = applications;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		this.applications.find(exchange.getRequest())
			.ifPresent((application) -> RoutedApplication.set(exchange, application));
		return chain.filter(exchange);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
