package fr.sesame.gateway.policy;

import java.util.Optional;

import fr.sesame.gateway.application.Application;

/**
 * Everything {@link RoutePolicy} needs to decide, and nothing else.
 *
 * @param application the application asked for
 * @param agent who asks, if known (session or verified bearer token)
 * @param kind browser or API
 * @param stepUpAnswered whether the gateway already asked the provider for a second factor and the current sign-in
 * is the provider's answer (so asking again would loop)
 */
public record AccessRequest(Application application, Optional<AgentIdentity> agent, RequestKind kind,
		boolean stepUpAnswered) {

	public static AccessRequest anonymous(Application application, RequestKind kind) {
		return new AccessRequest(application, Optional.empty(), kind, false);
	}

	public static AccessRequest of(Application application, AgentIdentity agent, RequestKind kind) {
		return new AccessRequest(application, Optional.of(agent), kind, false);
	}

	public AccessRequest afterStepUp() {
		return new AccessRequest(this.application, this.agent, this.kind, true);
	}

}
