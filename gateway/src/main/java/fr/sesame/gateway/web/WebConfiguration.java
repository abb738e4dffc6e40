package fr.sesame.gateway.web;

import org.thymeleaf.ITemplateEngine;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import fr.sesame.gateway.application.ApplicationResolution;
import fr.sesame.gateway.application.RoutedApplication;
import fr.sesame.gateway.hygiene.IdentityHeaderHygiene;
import fr.sesame.gateway.logout.BackChannelLogoutEndpoint;
import fr.sesame.gateway.policy.ApplicationAccess;
import fr.sesame.gateway.portal.Portal;

/**
 * The gateway's own endpoints and pages. They answer only requests that are for no application: an application
 * routed by host may own {@code /} on its host.
 */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

	public static final String SIGNED_OUT_PATH = "/sesame-gateway/signed-out";

	@Bean
	Pages pages(ITemplateEngine templates, JsonMapper json) {
		return new Pages(templates, json);
	}

	@Bean
	ErrorPages errorPages(Pages pages) {
		return new ErrorPages(pages);
	}

	@Bean
	MalformedRequestHeaders malformedRequestHeaders() {
		return new MalformedRequestHeaders();
	}

	@Bean
	FrontDoor frontDoor(IdentityHeaderHygiene hygiene, ApplicationResolution applications, ApplicationAccess access) {
		return new FrontDoor(hygiene, applications, new GatewayPageHeaders(), access);
	}

	@Bean
	RouterFunction<ServerResponse> gatewayEndpoints(Portal portal, BackChannelLogoutEndpoint backChannelLogout) {
		RequestPredicate forGateway = (request) -> RoutedApplication.of(request.exchange()).isEmpty();
		return RouterFunctions.route(RequestPredicates.GET("/").and(forGateway), portal::show)
			.andRoute(RequestPredicates.GET(SIGNED_OUT_PATH), portal::signedOut)
			.andRoute(RequestPredicates.POST(BackChannelLogoutEndpoint.PATH), backChannelLogout::handle);
	}

}
