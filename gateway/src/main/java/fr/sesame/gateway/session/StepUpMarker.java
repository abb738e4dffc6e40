package fr.sesame.gateway.session;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Remembers, in the session, which sign-in the gateway found lacking a second factor when it sent the agent to the
 * provider with {@code acr_values}. When the agent comes back with a different sign-in that still lacks it, the
 * provider could not (or would not) add the factor: the gateway refuses instead of asking again in a loop.
 */
public final class StepUpMarker {

	private static final String ATTRIBUTE = "sesame.step-up.asked-for";

	private StepUpMarker() {
	}

	public static Mono<Void> mark(ServerWebExchange exchange, String idTokenFingerprint) {
		return exchange.getSession().doOnNext((session) -> session.getAttributes().put(ATTRIBUTE, idTokenFingerprint)).then();
	}

	/** Whether the provider already answered a step-up with the sign-in identified by {@code currentFingerprint}. */
	public static Mono<Boolean> answered(ServerWebExchange exchange, String currentFingerprint) {
		return exchange.getSession().map((session) -> {
			Object askedFor = session.getAttributes().get(ATTRIBUTE);
			return askedFor != null && !askedFor.equals(currentFingerprint);
		});
	}

}
