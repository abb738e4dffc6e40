package fr.sesame.gateway.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;

/**
 * Three pretend applications for the demo, on their own loopback port (127.0.0.1:8081 by default) so that the
 * gateway really proxies to them: {@code whoami} shows what it received (identity headers, token claims),
 * {@code etat-civil} and {@code finances} stand for a role-restricted and an MFA-restricted application. They trust
 * whatever the gateway sends, as real upstreams behind it would, so they must never listen on a public address.
 */
public final class DemoUpstreams implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(DemoUpstreams.class);

	private final String host;

	private final int port;

	private final JsonMapper json;

	private volatile DisposableServer server;

	public DemoUpstreams(String host, int port, JsonMapper json) {
		this.host = host;
		this.port = port;
		this.json = json;
	}

	@Override
	public void start() {
		HttpHandler handler = RouterFunctions.toHttpHandler(routes());
		this.server = HttpServer.create().host(this.host).port(this.port).handle(new ReactorHttpHandlerAdapter(handler)).bindNow(Duration.ofSeconds(10));
		log.info("Demo upstream applications listening on http://{}:{}/ (whoami, etat-civil, finances)", this.host,
				this.server.port());
	}

	@Override
	public void stop() {
		DisposableServer running = this.server;
		if (running != null) {
			running.disposeNow(Duration.ofSeconds(5));
			this.server = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	public int port() {
		return (this.server != null) ? this.server.port() : this.port;
	}

	RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route(RequestPredicates.path("/whoami/**").or(RequestPredicates.path("/whoami")), this::whoami)
			.andRoute(RequestPredicates.path("/etat-civil/**").or(RequestPredicates.path("/etat-civil")),
					(request) -> page(request, "État civil", "Registres de naissance, mariage et décès de Rivebelle."))
			.andRoute(RequestPredicates.path("/finances/**").or(RequestPredicates.path("/finances")),
					(request) -> page(request, "Finances", "Budget et mandatements : ouvert seulement avec un second facteur."));
	}

	private Mono<ServerResponse> whoami(ServerRequest request) {
		Map<String, String> headers = new TreeMap<>();
		request.headers().asHttpHeaders().headerNames().forEach((name) -> {
			String lower = name.toLowerCase(Locale.ROOT);
			if (lower.startsWith("x-sesame-") || lower.startsWith("x-forwarded-") || lower.equals("cookie")) {
				headers.put(name, String.join(", ", request.headers().header(name)));
			}
		});
		Map<String, Object> claims = claims(request.headers().firstHeader(HttpHeaders.AUTHORIZATION));
		if (request.headers().accept().contains(MediaType.APPLICATION_JSON)) {
			return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("headers", headers, "claims", claims));
		}
		StringBuilder html = new StringBuilder();
		html.append("<h2>En-têtes d'identité reçus</h2><table>");
		headers.forEach((name, value) -> html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>"));
		html.append("</table><h2>Jeton d'accès reçu (Authorization: Bearer)</h2>");
		html.append(claims.isEmpty() ? "<p>Aucun jeton.</p>"
				: "<pre>" + escape(this.json.writerWithDefaultPrettyPrinter().writeValueAsString(claims)) + "</pre>");
		return html(request, "Qui suis-je ?", html.toString());
	}

	private Mono<ServerResponse> page(ServerRequest request, String title, String text) {
		String name = request.headers().firstHeader("X-Sesame-Name");
		String body = "<p>" + escape(text) + "</p>" + ((name != null) ? "<p>Agent : " + escape(decode(name)) + "</p>" : "");
		return html(request, title, body);
	}

	private static Mono<ServerResponse> html(ServerRequest request, String title, String body) {
		// Long values (cookies, tokens) wrap, so that the page reflows on a narrow screen (WCAG 1.4.10).
		String page = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
				+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
				+ "<style>td, pre, code { overflow-wrap: anywhere; white-space: pre-wrap; }</style><title>"
				+ escape(title) + " – démo</title></head><body><h1>" + escape(title)
				+ "</h1><p>Application de démonstration derrière la passerelle Sésame ; chemin reçu : <code>"
				+ escape(request.path()) + "</code></p>" + body
				+ "<p><a href=\"/\">Portail</a></p></body></html>";
		return ServerResponse.ok().contentType(MediaType.parseMediaType("text/html;charset=UTF-8")).bodyValue(page);
	}

	/** Decodes the token's payload for display only: a demo application shows claims, it does not check them. */
	private Map<String, Object> claims(String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return Map.of();
		}
		String[] parts = authorization.substring(7).split("\\.");
		if (parts.length != 3) {
			return Map.of();
		}
		try {
			byte[] payload = Base64.getUrlDecoder().decode(parts[1]);
			return this.json.readValue(new String(payload, StandardCharsets.UTF_8), Map.class);
		}
		catch (RuntimeException ex) {
			return Map.of("error", "not a JWT");
		}
	}

	private static String decode(String value) {
		return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static String escape(String value) {
		return HtmlUtils.htmlEscape(value, "UTF-8");
	}

}
