package fr.sesame.gateway.observability;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
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
 *
 * <p>
 * Each meter is looked up in the registry once per combination of tags and kept here: a registry lookup builds and
 * sorts the tags and hashes the meter's id, work that showed on every request. The combinations are few (the
 * configured applications, a dozen decisions, the statuses answered).
 */
public final class GatewayMetrics {

	public static final String GATEWAY = "gateway";

	private final MeterRegistry registry;

	private final ConcurrentMap<RequestTags, Timer> requests = new ConcurrentHashMap<>();

	private final ConcurrentMap<Tags, Counter> denials = new ConcurrentHashMap<>();

	private final ConcurrentMap<Tags, Timer> upstreams = new ConcurrentHashMap<>();

	public GatewayMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	public void request(String application, String decision, int status, Duration latency) {
		RequestTags tags = new RequestTags(orGateway(application), (decision != null) ? decision : "none", status);
		this.requests.computeIfAbsent(tags, (key) -> Timer.builder("sesame.gateway.requests")
			.description("Requests through the gateway")
			.tag("application", key.application())
			.tag("decision", key.decision())
			.tag("status", String.valueOf(key.status()))
			.register(this.registry))
			.record(latency);
	}

	public void denial(String application, String reason) {
		this.denials
			.computeIfAbsent(new Tags(orGateway(application), reason), (key) -> this.registry
				.counter("sesame.gateway.denials", "application", key.application(), "reason", key.value()))
			.increment();
	}

	public void upstream(String application, String outcome, Duration latency) {
		this.upstreams.computeIfAbsent(new Tags(orGateway(application), outcome), (key) -> Timer
			.builder("sesame.gateway.upstream")
			.description("Time until the upstream application's response headers")
			.tag("application", key.application())
			.tag("outcome", key.value())
			.publishPercentileHistogram()
			.register(this.registry))
			.record(latency);
	}

	private static String orGateway(String application) {
		return (application != null) ? application : GATEWAY;
	}

	private record RequestTags(String application, String decision, int status) {

	}

	/** An application and one other tag (denial reason, upstream outcome). */
	private record Tags(String application, String value) {

	}

}
