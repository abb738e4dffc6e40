package fr.sesame.gateway.observability;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.RoutedApplication;
import fr.sesame.gateway.web.Failure;

/**
 * Times the call to the upstream alone (until its response headers), per application: the part of the latency the
 * gateway does not own.
 */
public final class UpstreamTiming implements GlobalFilter, Ordered {

	private final GatewayMetrics metrics;

	public UpstreamTiming(GatewayMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		long start = System.nanoTime();
		String application = RoutedApplication.of(exchange).map(Application::id).orElse(null);
		return chain.filter(exchange).doOnSuccess((done) -> {
			HttpStatusCode status = exchange.getResponse().getStatusCode();
			String outcome = (status != null) ? (status.value() / 100) + "xx" : "unknown";
			this.metrics.upstream(application, outcome, Duration.ofNanos(System.nanoTime() - start));
		}).doOnError((error) -> {
			Failure failure = Failure.of(error, true);
			String outcome = (failure == Failure.UPSTREAM_TIMEOUT) ? "timeout"
					: (failure == Failure.UPSTREAM_UNREACHABLE) ? "unreachable" : "error";
			this.metrics.upstream(application, outcome, Duration.ofNanos(System.nanoTime() - start));
		});
	}

	@Override
	public int getOrder() {
		return NettyRoutingFilter.ORDER - 1;
	}

}
