package fr.sesame.gateway.observability;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.RoutedApplication;
import fr.sesame.gateway.web.ErrorPages;

/**
 * Outermost filter: one access-log line per request (logger {@code sesame.access}; a JSON object with the structured
 * console format: agent, commune, application, decision, status, latency), the request metrics, and the error page
 * for whatever failed inside, so that the status logged is the status sent. The line names the agent by login and
 * {@code sub}; it never holds a token, a cookie or a query string. The line's fields are {@link #FIELDS}, in that
 * order; {@link AccessLogFormat} writes them without Spring Boot's generic JSON machinery.
 */
public final class AccessLog implements WebFilter, Ordered {

	/** The access log's logger. */
	public static final String LOGGER = "sesame.access";

	/** The fields of each line, as key-value pairs of the logging event, in this order. */
	static final List<String> FIELDS = List.of("http.request.method", "url.path", "http.response.status_code",
			"event.duration_ms", "sesame.application", "sesame.decision", "sesame.kind", "user.id", "user.name",
			"sesame.commune");

	private static final Logger log = LoggerFactory.getLogger(LOGGER);

	private final GatewayMetrics metrics;

	private final ErrorPages errors;

	public AccessLog(GatewayMetrics metrics, ErrorPages errors) {
		this.metrics = metrics;
		this.errors = errors;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		long start = System.nanoTime();
		AccessRecord record = AccessRecord.start(exchange);
		return chain.filter(exchange)
			.onErrorResume((error) -> this.errors.handle(exchange, error))
			.doFinally((signal) -> done(exchange, record, signal, Duration.ofNanos(System.nanoTime() - start)));
	}

	private void done(ServerWebExchange exchange, AccessRecord record, SignalType signal, Duration latency) {
		String application = RoutedApplication.of(exchange).map(Application::id).orElse(null);
		HttpStatusCode code = exchange.getResponse().getStatusCode();
		// 499: the client went away before the answer (nginx's convention), so it is not counted as a success.
		int status = (signal == SignalType.CANCEL) ? 499 : (code != null) ? code.value() : 200;
		this.metrics.request(application, record.decision(), status, latency);
		if (!log.isInfoEnabled()) {
			return;
		}
		// The fields of FIELDS, in the same order: AccessLogFormat writes such a line without Boot's JSON writer.
		log.atInfo()
			.addKeyValue("http.request.method", exchange.getRequest().getMethod().name())
			.addKeyValue("url.path", exchange.getRequest().getPath().value())
			.addKeyValue("http.response.status_code", status)
			.addKeyValue("event.duration_ms", latency.toNanos() / 1_000_000.0)
			.addKeyValue("sesame.application", (application != null) ? application : GatewayMetrics.GATEWAY)
			.addKeyValue("sesame.decision", record.decision())
			.addKeyValue("sesame.kind", record.kind())
			.addKeyValue("user.id", record.subject())
			.addKeyValue("user.name", record.login())
			.addKeyValue("sesame.commune", record.commune())
			.setMessage("access")
			.log();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
