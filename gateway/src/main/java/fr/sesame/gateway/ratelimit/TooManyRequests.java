package fr.sesame.gateway.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.observability.AccessRecord;
import fr.sesame.gateway.observability.GatewayMetrics;
import fr.sesame.gateway.policy.RequestKind;
import fr.sesame.gateway.web.Pages;

/**
 * The {@code 429} answer, with {@code Retry-After}: a JSON body for APIs, a page saying when to come back for
 * browsers. Counted as a denial with its reason.
 */
public final class TooManyRequests {

	private final Pages pages;

	private final GatewayMetrics metrics;

	public TooManyRequests(Pages pages, GatewayMetrics metrics) {
		this.pages = pages;
		this.metrics = metrics;
	}

	/**
	 * @param reason {@code rate_limited} (a bucket of requests is empty) or {@code too_many_refusals}
	 */
	public Mono<Void> answer(ServerWebExchange exchange, Application application, Quota quota, String reason) {
		AccessRecord.of(exchange).decision(reason);
		this.metrics.denial(application.id(), reason);
		exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(quota.retryAfterSeconds()));
		if (RequestKind.of(exchange.getRequest()) == RequestKind.API) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", "rate_limited");
			body.put("application", application.id());
			body.put("retry_after", quota.retryAfterSeconds());
			return this.pages.writeJson(exchange, HttpStatus.TOO_MANY_REQUESTS, body);
		}
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("application", application);
		model.put("retryAfter", quota.retryAfterSeconds());
		return this.pages.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", model);
	}

}
