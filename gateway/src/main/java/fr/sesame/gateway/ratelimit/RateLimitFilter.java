package fr.sesame.gateway.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.GatewayProperties.RateLimits;
import fr.sesame.gateway.hygiene.ClientAddress;
import fr.sesame.gateway.observability.AccessRecord;
import fr.sesame.gateway.observability.GatewayMetrics;
import fr.sesame.gateway.policy.RequestKind;
import fr.sesame.gateway.relay.RelayCredentials;
import fr.sesame.gateway.web.Pages;

/**
 * Per application: one bucket per agent ({@code sub}) and one per client address. An empty bucket answers
 * {@code 429} with {@code Retry-After} and the upstream is not called.
 */
public final class RateLimitFilter implements GatewayFilter {

	private final Application application;

	private final RequestQuotas quotas;

	private final ClientAddress clientAddress;

	private final Pages pages;

	private final GatewayMetrics metrics;

	public RateLimitFilter(Application application, RequestQuotas quotas, ClientAddress clientAddress, Pages pages,
			GatewayMetrics metrics) {
		this.application = application;
		this.quotas = quotas;
		this.clientAddress = clientAddress;
		this.pages = pages;
		this.metrics = metrics;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		RateLimits limits = this.application.rateLimits();
		if (!limits.enabled()) {
			return chain.filter(exchange);
		}
		String address = this.clientAddress.of(exchange.getRequest());
		Mono<Quota> byAddress = this.quotas.take(RequestQuotas.addressBucket(this.application), address,
				limits.perClientAddress());
		Mono<Quota> byAgent = RelayCredentials.of(exchange)
			.map((credentials) -> this.quotas.take(RequestQuotas.agentBucket(this.application), credentials.agent().subject(),
					limits.perAgent()))
			.orElse(Mono.just(Quota.allow()));
		return byAgent.flatMap((agent) -> agent.allowed() ? byAddress : Mono.just(agent))
			.flatMap((quota) -> quota.allowed() ? chain.filter(exchange) : refuse(exchange, quota));
	}

	private Mono<Void> refuse(ServerWebExchange exchange, Quota quota) {
		AccessRecord.of(exchange).decision("rate_limited");
		this.metrics.denial(this.application.id(), "rate_limited");
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(quota.retryAfterSeconds()));
		if (RequestKind.of(exchange.getRequest()) == RequestKind.API) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", "rate_limited");
			body.put("application", this.application.id());
			body.put("retry_after", quota.retryAfterSeconds());
			return this.pages.writeJson(exchange, HttpStatus.TOO_MANY_REQUESTS, body);
		}
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("application", this.application);
		model.put("retryAfter", quota.retryAfterSeconds());
		return this.pages.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", model);
	}

}
