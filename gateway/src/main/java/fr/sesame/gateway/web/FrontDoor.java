package fr.sesame.gateway.web;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import fr.sesame.gateway.application.ApplicationResolution;
import fr.sesame.gateway.hygiene.IdentityHeaderHygiene;
import fr.sesame.gateway.policy.ApplicationAccess;

/**
 * Where every request comes in, right after the access log: the identity headers a client may not send are removed
 * ({@link IdentityHeaderHygiene}), the request is matched to an application ({@link ApplicationResolution}) and the
 * gateway's own responses get their security headers ({@link GatewayPageHeaders}). A request for an application is
 * then answered by {@link ApplicationAccess} (which hands what it allows to routing); any other request is the
 * gateway's own and goes on down the filter chain, to Spring Security.
 *
 * <p>
 * One filter rather than one per step: Spring's filter chain wraps each filter it calls in a deferred call and a
 * checkpoint, a few microseconds of every proxied request per filter ({@code bench/README.md}).
 */
public final class FrontDoor implements WebFilter, Ordered {

	private final IdentityHeaderHygiene hygiene;

	private final ApplicationResolution applications;

	private final GatewayPageHeaders pageHeaders;

	private final ApplicationAccess access;

	public FrontDoor(IdentityHeaderHygiene hygiene, ApplicationResolution applications, GatewayPageHeaders pageHeaders,
			ApplicationAccess access) {
		this.hygiene = hygiene;
		this.applications = applications;
		this.pageHeaders = pageHeaders;
		this.access = access;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerWebExchange cleaned = this.hygiene.apply(exchange);
		this.pageHeaders.apply(cleaned);
		return this.applications.resolve(cleaned)
			.map((application) -> this.access.handle(cleaned, application))
			.orElseGet(() -> chain.filter(cleaned));
	}

	/** After the access log, which records whatever happens here. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
