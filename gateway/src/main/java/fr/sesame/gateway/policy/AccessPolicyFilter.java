package fr.sesame.gateway.policy;

import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.RoutedApplication;
import fr.sesame.gateway.observability.AccessRecord;
import fr.sesame.gateway.observability.GatewayMetrics;
import fr.sesame.gateway.ratelimit.RepeatedRefusals;
import fr.sesame.gateway.relay.RelayCredentials;
import fr.sesame.gateway.session.AgentSession;
import fr.sesame.gateway.session.AgentSessions;
import fr.sesame.gateway.session.StepUpMarker;

/**
 * Applies {@link RoutePolicy} to every request for an application, inside the security filter chain (after the
 * session or the bearer token was read) and before anything reaches the upstream. Gathers the typed inputs, asks the
 * policy, and either lets the request through with the credentials to relay or renders the decision.
 */
public final class AccessPolicyFilter implements WebFilter {

	private final RoutePolicy policy;

	private final AgentSessions sessions;

	private final DecisionResponses responses;

	private final GatewayMetrics metrics;

	private final RepeatedRefusals refusals;

	public AccessPolicyFilter(RoutePolicy policy, AgentSessions sessions, DecisionResponses responses,
			GatewayMetrics metrics, RepeatedRefusals refusals) {
		this.policy = policy;
		this.sessions = sessions;
		this.responses = responses;
		this.metrics = metrics;
		this.refusals = refusals;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Application application = RoutedApplication.of(exchange).orElse(null);
		if (application == null) {
			return chain.filter(exchange);
		}
		RequestKind kind = RequestKind.of(exchange.getRequest());
		AccessRecord record = AccessRecord.of(exchange);
		record.application(application.id());
		record.kind(kind.name().toLowerCase(Locale.ROOT));
		return ReactiveSecurityContextHolder.getContext()
			.mapNotNull(SecurityContext::getAuthentication)
			.flatMap((authentication) -> inputs(exchange, application, kind, authentication))
			.defaultIfEmpty(new Inputs(AccessRequest.anonymous(application, kind), null, null))
			.flatMap((inputs) -> apply(exchange, chain, inputs, record));
	}

	private Mono<Inputs> inputs(ServerWebExchange exchange, Application application, RequestKind kind,
			Authentication authentication) {
		if (authentication instanceof JwtAuthenticationToken bearer) {
			AgentIdentity agent = AgentIdentity.fromClaims(bearer.getToken().getClaims());
			return Mono.just(new Inputs(AccessRequest.of(application, agent, RequestKind.API), bearer.getToken().getTokenValue(), null));
		}
		if (authentication instanceof OAuth2AuthenticationToken signedIn) {
			return this.sessions.check(exchange, signedIn).flatMap((session) -> {
				if (!(session instanceof AgentSession.Active active)) {
					return Mono.empty();
				}
				AccessRequest request = AccessRequest.of(application, active.agent(), kind);
				return StepUpMarker.answered(exchange, active.idTokenFingerprint())
					.map((answered) -> new Inputs(answered ? request.afterStepUp() : request, active.accessToken(),
							active.idTokenFingerprint()));
			});
		}
		return Mono.empty();
	}

	private Mono<Void> apply(ServerWebExchange exchange, WebFilterChain chain, Inputs inputs, AccessRecord record) {
		AccessRequest request = inputs.request();
		Application application = request.application();
		request.agent().ifPresent(record::agent);
		AccessDecision decision = this.policy.decide(request);
		record.decision(decision.label());
		if (decision instanceof AccessDecision.Allow) {
			request.agent().ifPresent((agent) -> RelayCredentials.set(exchange, new RelayCredentials(agent, inputs.accessToken())));
			return chain.filter(exchange);
		}
		this.metrics.denial(application.id(), decision.label());
		if (decision instanceof AccessDecision.SignIn) {
			return this.responses.signIn(exchange);
		}
		if (decision instanceof AccessDecision.StepUp) {
			return this.responses.stepUp(exchange, inputs.idTokenFingerprint());
		}
		// A refusal (not a sign-in or step-up): counted against the client's address.
		this.refusals.refused(exchange);
		if (decision instanceof AccessDecision.Unauthorized unauthorized) {
			return this.responses.unauthorized(exchange, application, unauthorized);
		}
		AccessDecision.Forbidden forbidden = (AccessDecision.Forbidden) decision;
		return this.responses.forbidden(exchange, application, forbidden.reason(), request.kind());
	}

	/** The policy's input, plus what is needed afterwards but must not influence the decision. */
	private record Inputs(AccessRequest request, String accessToken, String idTokenFingerprint) {

		@Override
		public String toString() {
			return "Inputs[" + this.request + "]";
		}

	}

}
