package fr.sesame.gateway.portal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.Applications;
import fr.sesame.gateway.observability.AccessRecord;
import fr.sesame.gateway.policy.AgentIdentity;
import fr.sesame.gateway.policy.RoutePolicy;
import fr.sesame.gateway.session.AgentSession;
import fr.sesame.gateway.session.AgentSessions;
import fr.sesame.gateway.signin.StepUpAuthorizationRequests;
import fr.sesame.gateway.web.Pages;

/**
 * The portal at {@code /}: the agent's name and commune, the applications the policy lets them open (and only
 * those), and the sign-out button. Plus the page a browser lands on after signing out.
 */
public final class Portal {

	private final Applications applications;

	private final RoutePolicy policy;

	private final AgentSessions sessions;

	private final Pages pages;

	private final String mfaAcr;

	public Portal(Applications applications, RoutePolicy policy, AgentSessions sessions, Pages pages, String mfaAcr) {
		this.applications = applications;
		this.policy = policy;
		this.sessions = sessions;
		this.pages = pages;
		this.mfaAcr = mfaAcr;
	}

	public Mono<ServerResponse> show(ServerRequest request) {
		ServerWebExchange exchange = request.exchange();
		return request.principal()
			.filter(OAuth2AuthenticationToken.class::isInstance)
			.cast(OAuth2AuthenticationToken.class)
			.flatMap((authentication) -> this.sessions.check(exchange, authentication))
			.flatMap((session) -> (session instanceof AgentSession.Active active) ? page(exchange, active.agent())
					: Mono.empty())
			.switchIfEmpty(Mono.defer(() -> ServerResponse.status(HttpStatus.FOUND)
				.location(URI.create(StepUpAuthorizationRequests.signInUri()))
				.build()));
	}

	public Mono<ServerResponse> signedOut(ServerRequest request) {
		return this.pages.response(request.exchange(), HttpStatus.OK, "signed-out", Map.of());
	}

	private Mono<ServerResponse> page(ServerWebExchange exchange, AgentIdentity agent) {
		AccessRecord.of(exchange).agent(agent);
		AccessRecord.of(exchange).decision("portal");
		List<PortalEntry> entries = this.applications.all()
			.stream()
			.filter(Application::listed)
			.filter((application) -> this.policy.mayOpen(application, agent))
			.map((application) -> new PortalEntry(application.id(), application.displayName(),
					application.description(), application.language(), link(exchange, application),
					application.requiresMfa() && !agent.hasSecondFactor(this.mfaAcr)))
			.toList();
		Mono<CsrfToken> csrf = exchange.getAttributeOrDefault(CsrfToken.class.getName(), Mono.empty());
		return csrf.map((token) -> Map.of("parameter", token.getParameterName(), "token", token.getToken()))
			.defaultIfEmpty(Map.of())
			.flatMap((token) -> {
				Map<String, Object> model = new LinkedHashMap<>();
				model.put("agent", agent);
				model.put("entries", entries);
				model.put("csrf", token);
				return this.pages.response(exchange, HttpStatus.OK, "portal", model);
			});
	}

	/** Path-routed applications open on this origin; host-routed ones on their own host. */
	private static String link(ServerWebExchange exchange, Application application) {
		if (!application.paths().isEmpty() || application.hosts().isEmpty()) {
			return application.entry();
		}
		String host = application.hosts().get(0);
		if (host.contains("*")) {
			return application.entry();
		}
		URI current = exchange.getRequest().getURI();
		String port = (current.getPort() > 0) ? ":" + current.getPort() : "";
		return current.getScheme() + "://" + host + port + application.entry();
	}

}
