package fr.sesame.gateway.application;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import fr.sesame.gateway.hygiene.ClientAddress;
import fr.sesame.gateway.hygiene.ForwardedHeaders;
import fr.sesame.gateway.ratelimit.RateLimitFilter;
import fr.sesame.gateway.ratelimit.TokenBuckets;
import fr.sesame.gateway.ratelimit.TooManyRequests;
import fr.sesame.gateway.relay.IdentityRelay;
import fr.sesame.gateway.relay.UpstreamRequestHeaders;
import fr.sesame.gateway.relay.UpstreamSetCookies;

/**
 * The applications from {@code sesame.gateway.applications}, and one Spring Cloud Gateway route per application,
 * built here in code rather than from {@code spring.cloud.gateway.server.webflux.routes}: a route's predicate is
 * "{@link ApplicationResolution} resolved this application", so the route taken is always the one the policy checked.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
public class ApplicationConfiguration {

	/** The gateway's session cookie name, as Spring Boot configures it. */
	public static String sessionCookieName(Environment environment) {
		return environment.getProperty("server.reactive.session.cookie.name", "SESSION");
	}

	@Bean
	Applications applications(GatewayProperties properties) {
		return new Applications(properties);
	}

	@Bean
	ApplicationResolution applicationResolution(Applications applications) {
		return new ApplicationResolution(applications);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** What each upstream receives about the agent, on every route (the application is the request's own). */
	@Bean
	UpstreamRequestHeaders upstreamRequestHeaders(Environment environment, GatewayProperties properties,
			ForwardedHeaders forwarded) {
		return new UpstreamRequestHeaders(
				new IdentityRelay(sessionCookieName(environment), properties.withheldCookies()), forwarded);
	}

	/** No upstream sets the gateway's session cookie. */
	@Bean
	UpstreamSetCookies upstreamSetCookies(Environment environment) {
		return new UpstreamSetCookies(sessionCookieName(environment));
	}

	@Bean
	RouteLocator applicationRoutes(RouteLocatorBuilder builder, Applications applications, TokenBuckets buckets,
			ClientAddress clientAddress, TooManyRequests tooMany) {
		RouteLocatorBuilder.Builder routes = builder.routes();
		for (Application application : applications.all()) {
			routes.route(application.id(), (route) -> route
				.predicate((exchange) -> RoutedApplication.is(exchange, application))
				.filters((filters) -> {
					if (application.stripPrefix() > 0) {
						filters.stripPrefix(application.stripPrefix());
					}
					return filters.filter(new RateLimitFilter(application, buckets, clientAddress, tooMany));
				})
				.metadata(RouteMetadataUtils.CONNECT_TIMEOUT_ATTR, (int) application.connectTimeout().toMillis())
				.metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, application.responseTimeout().toMillis())
				.uri(application.uri()));
		}
		return routes.build();
	}

}
