package fr.sesame.gateway.policy;

import java.util.Optional;
import java.util.Set;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.RoleMatch;

/**
 * The per-request decision: a pure function of the application, the agent (if any) and the kind of request.
 * Commune and roles are checked before the second factor, so an agent is never asked for a factor only to be refused
 * afterwards.
 */
public final class RoutePolicy {

	private final String mfaAcr;

	public RoutePolicy(String mfaAcr) {
		this.mfaAcr = mfaAcr;
	}

	public AccessDecision decide(AccessRequest request) {
		Application application = request.application();
		Optional<AgentIdentity> known = request.agent();
		if (known.isEmpty()) {
			return (request.kind() == RequestKind.BROWSER) ? new AccessDecision.SignIn()
					: AccessDecision.Unauthorized.noCredentials();
		}
		AgentIdentity agent = known.get();
		if (!communeAllowed(application, agent)) {
			return new AccessDecision.Forbidden(DenialReason.COMMUNE_NOT_ALLOWED);
		}
		if (!rolesSatisfied(application, agent.roles())) {
			return new AccessDecision.Forbidden(DenialReason.ROLE_MISSING);
		}
		if (application.requiresMfa() && !agent.hasSecondFactor(this.mfaAcr)) {
			if (request.kind() == RequestKind.API) {
				return new AccessDecision.Unauthorized(AccessDecision.Unauthorized.INSUFFICIENT_USER_AUTHENTICATION,
						"A second factor is required for " + application.displayName(), this.mfaAcr);
			}
			return request.stepUpAnswered() ? new AccessDecision.Forbidden(DenialReason.SECOND_FACTOR_UNAVAILABLE)
					: new AccessDecision.StepUp(this.mfaAcr);
		}
		return new AccessDecision.Allow();
	}

	/** Whether the portal should list the application for this agent (a missing second factor can still be added). */
	public boolean mayOpen(Application application, AgentIdentity agent) {
		return communeAllowed(application, agent) && rolesSatisfied(application, agent.roles());
	}

	private static boolean communeAllowed(Application application, AgentIdentity agent) {
		if (application.allowsEveryCommune()) {
			return agent.communeId().isPresent();
		}
		return agent.communeId().map(application.communes()::contains).orElse(false);
	}

	private static boolean rolesSatisfied(Application application, Set<String> granted) {
		Set<String> required = application.roles();
		if (required.isEmpty()) {
			return true;
		}
		return (application.roleMatch() == RoleMatch.ALL_OF) ? granted.containsAll(required)
				: required.stream().anyMatch(granted::contains);
	}

}
