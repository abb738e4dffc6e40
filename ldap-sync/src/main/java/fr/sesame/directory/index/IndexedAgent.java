package fr.sesame.directory.index;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import fr.sesame.directory.agent.Agent;

/**
 * An agent as the directory index knows it: what the commune's directory said at the last synchronisation that saw
 * the entry, plus the roles its groups grant per client.
 *
 * @param communeId the commune
 * @param uniqueId the directory's immutable id ({@code entryUUID} / {@code objectGUID}), lower case
 * @param dn the entry's DN when last seen
 * @param login what the agent types
 * @param givenName may be {@code null}
 * @param familyName may be {@code null}
 * @param displayName never {@code null}
 * @param email may be {@code null}
 * @param enabled false when the directory disables the account (flag, disabled filter) or it expired; a locked
 * account stays enabled, since a lockout is temporary and can be triggered by anyone typing wrong passwords
 * @param groups group names, nested groups included, sorted case-insensitively
 * @param roles client id → roles the groups grant for it (only clients with at least one role), sorted
 * @param lastSeen when a synchronisation last read the entry
 */
public record IndexedAgent(String communeId, String uniqueId, String dn, String login, String givenName,
		String familyName, String displayName, String email, boolean enabled, List<String> groups,
		Map<String, List<String>> roles, Instant lastSeen) {

	public IndexedAgent {
		Objects.requireNonNull(communeId, "communeId");
		Objects.requireNonNull(uniqueId, "uniqueId");
		Objects.requireNonNull(login, "login");
		Objects.requireNonNull(displayName, "displayName");
		groups = (groups != null) ? List.copyOf(groups) : List.of();
		roles = (roles != null) ? Map.copyOf(new TreeMap<>(roles)) : Map.of();
		lastSeen = (lastSeen != null) ? lastSeen : Instant.EPOCH;
	}

	/** The roles granted for one client, sorted; empty when none. */
	public List<String> rolesFor(String clientId) {
		return this.roles.getOrDefault(clientId, List.of());
	}

	/** The same agent in the shape the rest of Sésame uses for sign-ins and tokens. */
	public Agent toAgent() {
		return new Agent(this.communeId, this.uniqueId, this.dn, this.login, this.givenName, this.familyName,
				this.displayName, this.email, this.groups);
	}

	/** This agent as last seen at {@code seen}. */
	public IndexedAgent seenAt(Instant seen) {
		return new IndexedAgent(this.communeId, this.uniqueId, this.dn, this.login, this.givenName, this.familyName,
				this.displayName, this.email, this.enabled, this.groups, this.roles, seen);
	}

	/** With other groups and the roles they grant. */
	public IndexedAgent withGroups(List<String> newGroups, Map<String, List<String>> newRoles) {
		return new IndexedAgent(this.communeId, this.uniqueId, this.dn, this.login, this.givenName, this.familyName,
				this.displayName, this.email, this.enabled, newGroups, newRoles, this.lastSeen);
	}

	/** Whether the directory says something different about the agent, ignoring when it was seen. */
	public boolean differsFrom(IndexedAgent other) {
		return !seenAt(Instant.EPOCH).equals(other.seenAt(Instant.EPOCH));
	}

	/** The roles (per client) this agent had and {@code now} no longer has. */
	public Map<String, List<String>> rolesLostIn(IndexedAgent now) {
		Map<String, List<String>> lost = new TreeMap<>();
		this.roles.forEach((client, before) -> {
			Set<String> after = Set.copyOf(now.rolesFor(client));
			List<String> gone = before.stream().filter((role) -> !after.contains(role)).toList();
			if (!gone.isEmpty()) {
				lost.put(client, gone);
			}
		});
		return lost;
	}

}
