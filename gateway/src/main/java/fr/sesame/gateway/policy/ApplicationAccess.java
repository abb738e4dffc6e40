package fr.sesame.gateway.policy;

import java.util.Locale;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.server.BearerTokenServerAuthenticationEntryPoint;
import org.springframework.security.web.server.firewall.HttpStatusExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.policy.ApplicationAuthentication.RefusedBearerToken;
import fr.sesame.gateway.observability.AccessRecord;
import fr.sesame.gateway.observability.GatewayMetrics;
import fr.sesame.gateway.ratelimit.RepeatedRefusals;
import fr.sesame.gateway.relay.RelayCredentials;
import fr.sesame.gateway.session.AgentSession;
import fr.sesame.gateway.session.AgentSessions;
import fr.sesame.gateway.session.StepUpMarker;

/**
 * Where a request for an application is allowed or denied, before anything reaches the upstream: a client address
 * that has used up its refusals is answered {@code 429} ({@link RepeatedRefusals}), Spring Security's firewall checks
 * the request, {@link ApplicationAuthentication} reads who sends it (bearer token or session), then
 * {@link RoutePolicy} decides. An allowed request goes on to routing with the credentials to relay; any other decision
 * is answered here.
 *
 * <p>
 * Called by {@code web.FrontDoor} and handing an allowed request straight to routing: application requests do not go
 * through Spring Security's {@code WebFilterChainProxy}, nor through the rest of the web filter chain. On the
 * application path that chain did nothing this class does not, and each of its filters costs every request a few
 * microseconds ({@code bench/README.md}); the parts that matter are Spring Security's own, called here: its firewall
 * and rejection handler, the bearer-token converter and JWT authentication manager, the session's security context
 * repository, the bearer-token entry point. The gateway's chain denies any request for an application that would
 * reach it ({@code SecurityConfiguration}), so a change of the filters fails closed.
 */
public final class ApplicationAccess {

	private final ServerWebExchangeFirewall firewall;

	private final ServerExchangeRejectedHandler rejected = new HttpStatusExchangeRejectedHandler();

	private final ApplicationAuthentication authentication;

	private final BearerTokenServerAuthenticationEntryPoint invalidToken = new BearerTokenServerAuthenticationEntryPoint();

	private final RoutePolicy policy;

	private final AgentSessions sessions;

	private final DecisionResponses responses;

	private final GatewayMetrics metrics;

	private final RepeatedRefusals refusals;

	private final WebHandler routing;

	/**
	 * @param routing where an allowed request goes: the web handler behind the filters (Spring Cloud Gateway's
	 * routing)
	 */
	public ApplicationAccess(ServerWebExchangeFirewall firewall, ApplicationAuthentication authentication,
			RoutePolicy policy, AgentSessions sessions, DecisionResponses responses, GatewayMetrics metrics,
			RepeatedRefusals refusals, WebHandler routing) {
		this.firewall = firewall;
		this.authentication = authentication;
		this.policy = policy;
		this.sessions = sessions;
		this.responses = responses;
		this.metrics = metrics;
		this.refusals = refusals;
		this.routing = routing;
		this.invalidToken.setRealmName("sesame");
	}

	/** Answers a request for the application, or hands it to routing. */
	public Mono<Void> handle(ServerWebExchange exchange, Application application) {
		return this.refusals.limitReached(exchange, application)
			.orElseGet(() -> this.firewall.getFirewalledExchange(exchange)
				.flatMap((checked) -> decide(checked, application))
				.onErrorResume(ServerExchangeRejectedException.class,
						(rejection) -> this.rejected.handle(exchange, rejection)));
	}

	private Mono<Void> decide(ServerWebExchange exchange, Application application) {
		RequestKind kind = RequestKind.of(exchange.getRequest());
		AccessRecord record = AccessRecord.of(exchange);
		record.application(application.id());
		record.kind(kind.name().toLowerCase(Locale.ROOT));
		return this.authentication.of(exchange)
			.flatMap((authentication) -> inputs(exchange, application, kind, authentication))
			.defaultIfEmpty(new Inputs(AccessRequest.anonymous(application, kind), null, null))
			.onErrorResume(RefusedBearerToken.class,
					(refused) -> refuseToken(exchange, application, record, refused.reason()).then(Mono.empty()))
			.flatMap((inputs) -> apply(exchange, inputs, record));
	}

	private Mono<Inputs> inputs(ServerWebExchange exchange, Application application, RequestKind kind,
			Authentication authentication) {
		if (authentication instanceof JwtAuthenticationToken bearer) {
			AgentIdentity agent = AgentIdentity.fromClaims(bearer.getToken().getClaims());
			return Mono.just(new Inputs(AccessRequest.of(application, agent, RequestKind.API),
					bearer.getToken().getTokenValue(), null));
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

	private Mono<Void> apply(ServerWebExchange exchange, Inputs inputs, AccessRecord record) {
		AccessRequest request = inputs.request();
		Application application = request.application();
		request.agent().ifPresent(record::agent);
		AccessDecision decision = this.policy.decide(request);
		record.decision(decision.label());
		if (decision instanceof AccessDecision.Allow) {
			request.agent()
				.ifPresent((agent) -> RelayCredentials.set(exchange, new RelayCredentials(agent, inputs.accessToken())));
			return this.routing.handle(exchange);
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

	/**
	 * A bearer token that fails verification, or a malformed {@code Authorization} header, answered by Spring
	 * Security's bearer-token entry point ({@code 401 invalid_token}; {@code 400 invalid_request} for several tokens),
	 * counted as a denial and as a refusal of the client's address.
	 */
	private Mono<Void> refuseToken(ServerWebExchange exchange, Application application, AccessRecord record,
			AuthenticationException error) {
		record.decision("invalid_token");
		record.kind("api");
		this.metrics.denial(application.id(), "invalid_token");
		this.refusals.refused(exchange);
		return this.invalidToken.commence(exchange, error);
	}

	/** The policy's input, plus what is needed afterwards but must not influence the decision. */
	private record Inputs(AccessRequest request, String accessToken, String idTokenFingerprint) {

		@Override
		public String toString() {
			return "Inputs[" + this.request + "]";
		}

	}

}
