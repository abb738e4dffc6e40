package fr.sesame.gateway.application;

import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

/**
 * The application a request is for, resolved once per request by {@link ApplicationResolution} and read by the
 * policy, the routes, the relay and the logs.
 */
public final class RoutedApplication {

	private static final String ATTRIBUTE = RoutedApplication.class.getName();

	private RoutedApplication() {
	}

	public static Optional<Application> of(ServerWebExchange exchange) {
		return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
	}

	public static boolean is(ServerWebExchange exchange, Application application) {
		Application routed = exchange.getAttribute(ATTRIBUTE);
		return routed != null && routed.id().equals(application.id());
	}

	static void set(ServerWebExchange exchange, Application application) {
		exchange.getAttributes().put(ATTRIBUTE, application);
	}

}
