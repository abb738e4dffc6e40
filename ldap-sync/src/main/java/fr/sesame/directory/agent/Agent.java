package fr.sesame.directory.agent;

import java.util.List;
import java.util.Objects;

/**
 * An agent of a commune, as its directory describes it.
 *
 * @param communeId the commune whose directory holds the agent
 * @param uniqueId the directory's immutable identifier ({@code entryUUID} or {@code objectGUID}, as a lower-case
 * UUID string); never the DN nor the login, which both change on renames
 * @param dn the entry's distinguished name at the time it was read
 * @param login the login the agent types ({@code uid} or {@code sAMAccountName})
 * @param givenName may be {@code null}
 * @param familyName may be {@code null}
 * @param displayName never {@code null}: falls back to "given family" or the login
 * @param email may be {@code null}
 * @param groups names (not DNs) of the groups the agent belongs to, nested groups included, sorted
 */
public record Agent(String communeId, String uniqueId, String dn, String login, String givenName, String familyName,
		String displayName, String email, List<String> groups) {

	public Agent {
		Objects.requireNonNull(communeId, "communeId");
		Objects.requireNonNull(uniqueId, "uniqueId");
		Objects.requireNonNull(login, "login");
		Objects.requireNonNull(displayName, "displayName");
		groups = List.copyOf(groups);
	}

}
