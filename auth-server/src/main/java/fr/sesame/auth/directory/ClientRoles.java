package fr.sesame.auth.directory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import fr.sesame.auth.agent.SubjectIdentifier;
import fr.sesame.auth.role.DeclaredRoles;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * The roles an agent holds for one client, read at every token and by the authorization gate, so that a change
 * reaches the next token: those its directory groups grant (the index's, when it is the fresher source, else those
 * the commune's group mappings grant to the groups read at sign-in), plus the active assignments admins made, as
 * long as the client still declares the role.
 * <p>
 * Roles are scoped by commune. The {@code roles} claim keeps its meaning (the roles in the agent's own commune), so
 * that applications reading it see no change; an agent who also holds roles of the client in other communes (an
 * agent of the syndicate working for several) gets them in a {@code commune_roles} claim, commune id → roles, which
 * then lists its own commune too.
 */
public final class ClientRoles {

	private final CommuneDirectories directories;

	private final RoleAssignments assignments;

	private final DeclaredRoles declared;

	/** Directory roles only, without admin assignments. */
	public ClientRoles(CommuneDirectories directories) {
		this(directories, null, null);
	}

	public ClientRoles(CommuneDirectories directories, RoleAssignments assignments, DeclaredRoles declared) {
		this.directories = directories;
		this.assignments = assignments;
		this.declared = declared;
	}

	/**
	 * The roles in the agent's own commune: the {@code roles} claim. A plain, mutable list: it goes into token claims,
	 * stored with the authorization as allow-listed JSON.
	 */
	public List<String> of(AgentStanding standing, String clientId) {
		return granted(standing, clientId).roles();
	}

	/** Both claims at once, with a single read of the agent's assignments. */
	public Granted granted(AgentStanding standing, String clientId) {
		String home = standing.agent().communeId();
		Set<String> own = new TreeSet<>(directoryRoles(standing, clientId));
		Map<String, Set<String>> elsewhere = new TreeMap<>();
		for (RoleAssignment assignment : adminAssignments(standing, clientId)) {
			if (assignment.communeId().equals(home)) {
				own.add(assignment.role());
			}
			else {
				elsewhere.computeIfAbsent(assignment.communeId(), (commune) -> new TreeSet<>()).add(assignment.role());
			}
		}
		if (elsewhere.isEmpty()) {
			return new Granted(new ArrayList<>(own), null);
		}
		// TreeMap and ArrayList: types that the stored authorization's JSON allow-list admits.
		TreeMap<String, List<String>> byCommune = new TreeMap<>();
		if (!own.isEmpty()) {
			byCommune.put(home, new ArrayList<>(own));
		}
		elsewhere.forEach((commune, roles) -> byCommune.put(commune, new ArrayList<>(roles)));
		return new Granted(new ArrayList<>(own), byCommune);
	}

	private List<String> directoryRoles(AgentStanding standing, String clientId) {
		if (standing.indexed()) {
			return standing.roles().getOrDefault(clientId, List.of());
		}
		return this.directories.communes()
			.stream()
			.filter((commune) -> commune.id().equals(standing.agent().communeId()))
			.findFirst()
			.map((Commune commune) -> List.copyOf(commune.rolesFor(standing.agent(), clientId)))
			.orElseGet(List::of);
	}

	private List<RoleAssignment> adminAssignments(AgentStanding standing, String clientId) {
		// A client that declares no role gets none from admins: no need to ask the store at every token.
		if (this.assignments == null || this.declared.declaredBy(clientId).isEmpty()) {
			return List.of();
		}
		// A role the client stopped declaring no longer grants anything; its assignment stays, should it come back.
		return this.assignments.ofAgent(SubjectIdentifier.of(standing.agent()))
			.stream()
			.filter((assignment) -> assignment.clientId().equals(clientId)
					&& this.declared.declares(clientId, assignment.role()))
			.toList();
	}

	/**
	 * @param roles the roles in the agent's own commune: the {@code roles} claim, sorted
	 * @param communeRoles commune id → roles, sorted, when the agent holds roles of the client in another commune
	 * than its own: the {@code commune_roles} claim; {@code null} otherwise
	 */
	public record Granted(List<String> roles, Map<String, List<String>> communeRoles) {
	}

}
