package fr.sesame.gateway.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.RoutedApplication;
import fr.sesame.gateway.observability.AccessRecord;
import fr.sesame.gateway.policy.RequestKind;

/**
 * Turns a failure into a clear page (or JSON for API calls) naming the application, never a stack trace and never
 * half of an upstream's response. Used by the access log around every request, and as the first exception handler
 * for anything that escapes it.
 */
public final class ErrorPages implements WebExceptionHandler, Ordered {

	private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

	private final Pages pages;

	public ErrorPages(Pages pages) {
		this.pages = pages;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		Application application = RoutedApplication.of(exchange).orElse(null);
		Failure failure = Failure.of(error, application != null);
		AccessRecord.of(exchange).decision(failure.label());
		if (failure == Failure.INTERNAL) {
			log.error("Request failed: {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
		}
		else if (failure == Failure.NOT_FOUND || failure == Failure.BAD_REQUEST) {
			log.debug("Request refused ({}): {} {}", failure.label(), exchange.getRequest().getMethod(),
					exchange.getRequest().getPath());
		}
		else {
			log.warn("Request failed ({}): {} {}: {}", failure.label(), exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), String.valueOf(error.getMessage()));
		}
		if (exchange.getResponse().isCommitted()) {
			return Mono.error(error);
		}
		exchange.getResponse().getHeaders().clear();
		if (RequestKind.of(exchange.getRequest()) == RequestKind.API) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", failure.label());
			if (application != null) {
				body.put("application", application.id());
			}
			return this.pages.writeJson(exchange, failure.status(), body);
		}
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("failure", failure.label());
		model.put("status", failure.status().value());
		model.put("application", application);
		return this.pages.write(exchange, failure.status(), "failure", model);
	}

	@Override
	public int getOrder() {
		// Before Spring Boot's error handler (-1), which would render its own page.
		return -2;
	}

}
