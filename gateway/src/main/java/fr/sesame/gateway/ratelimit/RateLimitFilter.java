package fr.sesame.gateway.ratelimit;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.GatewayProperties.RateLimits;
import fr.sesame.gateway.hygiene.ClientAddress;
import fr.sesame.gateway.relay.RelayCredentials;

/**
 * Per application: one bucket per agent ({@code sub}) and one per client address, decided in this replica's memory
 * ({@link TokenBuckets}; shared with the other replicas in the background by {@link SharedBuckets}). An empty bucket
 * answers {@code 429} with {@code Retry-After} and the upstream is not called.
 */
public final class RateLimitFilter implements GatewayFilter {

	private final Application application;

	private final TokenBuckets buckets;

	private final ClientAddress clientAddress;

	private final TooManyRequests tooMany;

	private final String agentBucket;

	private final String addressBucket;

	public RateLimitFilter(Application application, TokenBuckets buckets, ClientAddress clientAddress,
			TooManyRequests tooMany) {
		this.application = application;
		this.buckets = buckets;
		this.clientAddress = clientAddress;
		this.tooMany = tooMany;
		this.agentBucket = application.id() + ".agent";
		this.addressBucket = application.id() + ".address";
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		RateLimits limits = this.application.rateLimits();
		if (!limits.enabled()) {
			return chain.filter(exchange);
		}
		RelayCredentials credentials = RelayCredentials.of(exchange).orElse(null);
		if (credentials != null) {
			Quota agent = this.buckets.take(this.agentBucket, credentials.agent().subject(), limits.perAgent());
			if (!agent.allowed()) {
				return this.tooMany.answer(exchange, this.application, agent, "rate_limited");
			}
		}
		String address = this.clientAddress.of(exchange);
		Quota byAddress = this.buckets.take(this.addressBucket, address, limits.perClientAddress());
		if (!byAddress.allowed()) {
			return this.tooMany.answer(exchange, this.application, byAddress, "rate_limited");
		}
		return chain.filter(exchange);
	}

}
