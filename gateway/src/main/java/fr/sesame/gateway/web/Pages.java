package fr.sesame.gateway.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Renders the gateway's pages (Thymeleaf, French or English, no script) and its JSON error bodies, from anywhere:
 * a handler, a filter deciding before the upstream, or an error handler.
 */
public final class Pages {

	private final ITemplateEngine templates;

	private final JsonMapper json;

	public Pages(ITemplateEngine templates, JsonMapper json) {
		this.templates = templates;
		this.json = json;
	}

	public String html(String template, Locale locale, Map<String, Object> model) {
		Map<String, Object> variables = new LinkedHashMap<>(model);
		variables.put("lang", locale.getLanguage());
		return this.templates.process(template, new Context(locale, variables));
	}

	/** Writes a page as the whole response. */
	public Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String template,
			Map<String, Object> model) {
		String body = html(template, LocaleChoice.of(exchange), model);
		return write(exchange, status, MediaType.parseMediaType("text/html;charset=UTF-8"), body);
	}

	/** Writes a JSON object as the whole response. */
	public Mono<Void> writeJson(ServerWebExchange exchange, HttpStatusCode status, Map<String, Object> body) {
		return write(exchange, status, MediaType.APPLICATION_JSON, this.json.writeValueAsString(body));
	}

	/** A page as a functional endpoint's response. */
	public Mono<ServerResponse> response(ServerWebExchange exchange, HttpStatusCode status, String template,
			Map<String, Object> model) {
		GatewayPage.mark(exchange);
		String body = html(template, LocaleChoice.of(exchange), model);
		return ServerResponse.status(status)
			.contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
			.header(HttpHeaders.CACHE_CONTROL, "no-store")
			.bodyValue(body);
	}

	private static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, MediaType type, String body) {
		GatewayPage.mark(exchange);
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(type);
		response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
		DataBuffer buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

}
