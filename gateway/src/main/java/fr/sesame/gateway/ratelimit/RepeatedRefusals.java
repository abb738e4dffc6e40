package fr.sesame.gateway.ratelimit;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.GatewayProperties.RateLimits;
import fr.sesame.gateway.application.RoutedApplication;
import fr.sesame.gateway.hygiene.ClientAddress;

/**
 * Refusals before routing ({@code 401}, {@code 403}) are limited per client address and application: each takes a
 * token from the address's {@code refusals-per-client-address} bucket, and once it is empty every request of that
 * address for that application gets {@code 429} before its credentials are even read, until the bucket refills. A
 * client probing tokens or applications it may not use then costs no signature verification, no session read.
 * Sign-in redirects and step-ups are not refusals. Runs once the application is known, before
 * {@code AccessPolicyFilter} reads any credential.
 */
public final class RepeatedRefusals implements WebFilter, Ordered {

	/** After {@code ApplicationResolution} and the gateway-page headers, before {@code AccessPolicyFilter} (-101). */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 40;

	private final TokenBuckets buckets;

	private final ClientAddress clientAddress;

	private final TooManyRequests tooMany;

	public RepeatedRefusals(TokenBuckets buckets, ClientAddress clientAddress, TooManyRequests tooMany) {
		this.buckets = buckets;
		this.clientAddress = clientAddress;
		this.tooMany = tooMany;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Application application = RoutedApplication.of(exchange).orElse(null);
		if (application == null || !application.rateLimits().enabled()) {
			return chain.filter(exchange);
		}
		RateLimits limits = application.rateLimits();
		Quota quota = this.buckets.peek(bucket(application), this.clientAddress.of(exchange),
				limits.refusalsPerClientAddress());
		return quota.allowed() ? chain.filter(exchange)
				: this.tooMany.answer(exchange, application, quota, "too_many_refusals");
	}

	/** A {@code 401} or {@code 403} was just answered for an application. */
	public void refused(ServerWebExchange exchange) {
		RoutedApplication.of(exchange)
			.filter((application) -> application.rateLimits().enabled())
			.ifPresent((application) -> this.buckets.spend(bucket(application),
					this.clientAddress.of(exchange), application.rateLimits().refusalsPerClientAddress()));
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	private static String bucket(Application application) {
		return application.id() + ".refusals";
	}

}
