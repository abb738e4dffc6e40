package fr.sesame.gateway.ratelimit;

import java.util.Optional;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.GatewayProperties.RateLimits;
import fr.sesame.gateway.application.RoutedApplication;
import fr.sesame.gateway.hygiene.ClientAddress;

/**
 * Refusals before routing ({@code 401}, {@code 403}) are limited per client address and application: each takes a
 * token from the address's {@code refusals-per-client-address} bucket, and once it is empty every request of that
 * address for that application gets {@code 429} before its credentials are even read, until the bucket refills. A
 * client probing tokens or applications it may not use then costs no signature verification, no session read.
 * Sign-in redirects and step-ups are not refusals. Asked by {@code policy.ApplicationAccess} before it reads any
 * credential.
 */
public final class RepeatedRefusals {

	private final TokenBuckets buckets;

	private final ClientAddress clientAddress;

	private final TooManyRequests tooMany;

	public RepeatedRefusals(TokenBuckets buckets, ClientAddress clientAddress, TooManyRequests tooMany) {
		this.buckets = buckets;
		this.clientAddress = clientAddress;
		this.tooMany = tooMany;
	}

	/** @return the {@code 429} answer when the client's address has no refusal left for the application */
	public Optional<Mono<Void>> limitReached(ServerWebExchange exchange, Application application) {
		if (!application.rateLimits().enabled()) {
			return Optional.empty();
		}
		RateLimits limits = application.rateLimits();
		Quota quota = this.buckets.peek(bucket(application), this.clientAddress.of(exchange),
				limits.refusalsPerClientAddress());
		return quota.allowed() ? Optional.empty()
				: Optional.of(this.tooMany.answer(exchange, application, quota, "too_many_refusals"));
	}

	/** A {@code 401} or {@code 403} was just answered for an application. */
	public void refused(ServerWebExchange exchange) {
		RoutedApplication.of(exchange)
			.filter((application) -> application.rateLimits().enabled())
			.ifPresent((application) -> this.buckets.spend(bucket(application),
					this.clientAddress.of(exchange), application.rateLimits().refusalsPerClientAddress()));
	}

	private static String bucket(Application application) {
		return application.id() + ".refusals";
	}

}
