package fr.sesame.gateway.application;

import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

/**
 * Decides, before security, which application a request is for; requests for no application are the gateway's own
 * (portal, sign-in, logout, health). Applied to every request by {@code web.FrontDoor}.
 */
public final class ApplicationResolution {

	private final Applications applications;

	public ApplicationResolution(Applications applications) {
		this.applications = applications;
	}

	/** @return the application the request is for, now also its {@link RoutedApplication} */
	public Optional<Application> resolve(ServerWebExchange exchange) {
		Optional<Application> application = this.applications.find(exchange.getRequest());
		application.ifPresent((found) -> RoutedApplication.set(exchange, found));
		return application;
	}

}
