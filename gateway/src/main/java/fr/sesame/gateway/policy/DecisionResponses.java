package fr.sesame.gateway.policy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.session.StepUpMarker;
import fr.sesame.gateway.signin.StepUpAuthorizationRequests;
import fr.sesame.gateway.web.Pages;

/**
 * Renders a decision that does not reach the upstream: the sign-in redirect (remembering where to come back), the
 * {@code 401} with its {@code WWW-Authenticate} challenge, the refusal page or JSON, the step-up redirect.
 */
public final class DecisionResponses {

	private final ServerRequestCache returnTargets;

	private final Pages pages;

	public DecisionResponses(ServerRequestCache returnTargets, Pages pages) {
		this.returnTargets = returnTargets;
		this.pages = pages;
	}

	public Mono<Void> signIn(ServerWebExchange exchange) {
		return this.returnTargets.saveRequest(exchange)
			.then(Mono.defer(() -> redirect(exchange, StepUpAuthorizationRequests.signInUri())));
	}

	public Mono<Void> stepUp(ServerWebExchange exchange, String idTokenFingerprint) {
		return StepUpMarker.mark(exchange, idTokenFingerprint)
			.then(this.returnTargets.saveRequest(exchange))
			.then(Mono.defer(() -> redirect(exchange, StepUpAuthorizationRequests.stepUpUri())));
	}

	public Mono<Void> unauthorized(ServerWebExchange exchange, Application application,
			AccessDecision.Unauthorized decision) {
		exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, challenge(decision));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", (decision.error() != null) ? decision.error() : "unauthorized");
		if (decision.description() != null) {
			body.put("error_description", decision.description());
		}
		body.put("application", application.id());
		return this.pages.writeJson(exchange, HttpStatus.UNAUTHORIZED, body);
	}

	public Mono<Void> forbidden(ServerWebExchange exchange, Application application, DenialReason reason,
			RequestKind kind) {
		if (kind == RequestKind.API) {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("error", "access_denied");
			body.put("reason", reason.label());
			body.put("application", application.id());
			return this.pages.writeJson(exchange, HttpStatus.FORBIDDEN, body);
		}
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("application", application);
		model.put("reason", reason.label());
		model.put("retryUri", (reason == DenialReason.SECOND_FACTOR_UNAVAILABLE)
				? StepUpAuthorizationRequests.stepUpUri() : null);
		return this.pages.write(exchange, HttpStatus.FORBIDDEN, "denied", model);
	}

	/** RFC 6750 section 3, with RFC 9470's {@code acr_values} for a missing second factor. */
	static String challenge(AccessDecision.Unauthorized decision) {
		StringBuilder challenge = new StringBuilder("Bearer realm=\"sesame\"");
		if (decision.error() != null) {
			challenge.append(", error=\"").append(decision.error()).append('"');
		}
		if (decision.description() != null) {
			challenge.append(", error_description=\"").append(quoted(decision.description())).append('"');
		}
		if (decision.acrValues() != null) {
			challenge.append(", acr_values=\"").append(quoted(decision.acrValues())).append('"');
		}
		return challenge.toString();
	}

	private static String quoted(String value) {
		// error_description is limited to %x20-21 / %x23-5B / %x5D-7E: no quote, no backslash, ASCII only.
		StringBuilder safe = new StringBuilder();
		for (char c : value.toCharArray()) {
			safe.append((c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') ? c : '?');
		}
		return safe.toString();
	}

	/** Call it deferred: setComplete() starts committing the response as soon as it is called. */
	private static Mono<Void> redirect(ServerWebExchange exchange, String location) {
		exchange.getResponse().setStatusCode(HttpStatus.FOUND);
		exchange.getResponse().getHeaders().setLocation(URI.create(location));
		exchange.getResponse().getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
		return exchange.getResponse().setComplete();
	}

}
