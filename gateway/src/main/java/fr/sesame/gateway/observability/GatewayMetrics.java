package fr.sesame.gateway.observability;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The gateway's own meters, tagged by application:
 * <ul>
 * <li>{@code sesame.gateway.requests} (timer): every request, by application, decision and status;</li>
 * <li>{@code sesame.gateway.denials} (counter): requests not sent upstream, by application and reason;</li>
 * <li>{@code sesame.gateway.upstream} (timer): time until the upstream's response headers, by application and
 * outcome ({@code 2xx} … {@code 5xx}, {@code timeout}, {@code unreachable}).</li>
 * </ul>
 * Requests for the gateway's own pages are tagged {@code application=gateway}.
 */
public final class GatewayMetrics {

	public static final String GATEWAY = "gateway";

	private final MeterRegistry registry;

	public GatewayMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	public void request(String application, String decision, int status, Duration latency) {
		Timer.builder("sesame.gateway.requests")
			.description("Requests through the gateway")
			.tag("application", orGateway(application))
			.tag("decision", (decision != null) ? decision : "none")
			.tag("status", String.valueOf(status))
			.register(this.registry)
			.record(latency);
	}

	public void denial(String application, String reason) {
		this.registry
			.counter("sesame.gateway.denials", "application", orGateway(application), "reason", reason)
			.increment();
	}

	public void upstream(String application, String outcome, Duration latency) {
		Timer.builder("sesame.gateway.upstream")
			.description("Time until the upstream application's response headers")
			.tag("application", orGateway(application))
			.tag("outcome", outcome)
			.publishPercentileHistogram()
			.register(this.registry)
			.record(latency);
	}

	private static String orGateway(String application) {
		return (application != null) ? application : GATEWAY;
	}

}
