package fr.sesame.directory.commune;

import java.util.List;
import java.util.Map;
import java.util.Set;

import fr.sesame.directory.agent.Agent;

/**
 * A commune as the rest of Sésame sees it: who it is, which login domains are its own, and which directory groups
 * grant which application roles.
 *
 * @param id short, stable identifier (e.g. {@code rivebelle}), used in tokens as the {@code commune} claim
 * @param displayName shown on the login page
 * @param loginDomains lower-case domains that route {@code login@domain} to this commune
 * @param roleMappings per client id, per role, the group names (case-insensitive) that grant it
 * @param lockoutThreshold failed binds after which the commune's own directory locks an account (e.g. AD's
 * "account lockout threshold"); Sésame stops binding before reaching it
 * @param lockoutWindow how long the directory remembers failed binds (AD's "reset account lockout counter after")
 */
public record Commune(String id, String displayName, List<String> loginDomains,
		Map<String, Map<String, List<String>>> roleMappings, int lockoutThreshold, java.time.Duration lockoutWindow) {

	public Commune {
		loginDomains = List.copyOf(loginDomains);
		roleMappings = Map.copyOf(roleMappings);
	}

	/** The roles the agent's groups grant for the given client, sorted. */
	public Set<String> rolesFor(Agent agent, String clientId) {
		Map<String, List<String>> roles = this.roleMappings.getOrDefault(clientId, Map.of());
		Set<String> granted = new java.util.TreeSet<>();
		roles.forEach((role, groups) -> {
			for (String group : groups) {
				if (agent.groups().stream().anyMatch(group::equalsIgnoreCase)) {
					granted.add(role);
					break;
				}
			}
		});
		return granted;
	}

}
