package fr.sesame.auth.admin.console;

import java.util.List;
import java.util.Optional;

import org.springframework.security.core.Authentication;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.directory.AgentStanding;
import fr.sesame.auth.directory.ClientRoles;
import fr.sesame.auth.directory.IndexedStanding;
import fr.sesame.auth.token.AuthenticationContextClass;
import fr.sesame.directory.agent.Agent;

/**
 * The administrator behind a console request, from its signed-in session, described exactly as an access token of
 * the admin client would describe it ({@code sub}, {@code commune}, {@code roles}, {@code acr}: see
 * {@code AgentClaims}), so that {@link fr.sesame.auth.admin.api.AdminAccess} applies the same rules to both. A leaver,
 * or an agent the directory index no longer holds, has no role.
 */
public final class SessionAdmins {

	private final SignedInAgents signedInAgents;

	private final IndexedStanding standing;

	private final ClientRoles clientRoles;

	private final String adminClient;

	public SessionAdmins(SignedInAgents signedInAgents, IndexedStanding standing, ClientRoles clientRoles,
			String adminClient) {
		this.signedInAgents = signedInAgents;
		this.standing = standing;
		this.clientRoles = clientRoles;
		this.adminClient = adminClient;
	}

	public AdminCaller of(Authentication authentication) {
		AuthenticationContextClass acr = AuthenticationContextClass.of(authentication.getAuthorities());
		Optional<Agent> signedIn = acr.isAgent() ? this.signedInAgents.find(authentication.getName())
				: Optional.empty();
		if (signedIn.isEmpty()) {
			return new AdminCaller(authentication.getName(), null, List.of(), acr.level());
		}
		AgentStanding standing = this.standing.of(signedIn.get(), acr.authenticatedAt().orElse(null));
		if (!standing.active()) {
			return new AdminCaller(authentication.getName(), signedIn.get().communeId(), List.of(), acr.level());
		}
		return new AdminCaller(authentication.getName(), standing.agent().communeId(),
				List.copyOf(this.clientRoles.of(standing, this.adminClient)), acr.level());
	}

}
