package fr.sesame.auth.admin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import fr.sesame.auth.role.AssignedAgent;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.index.IndexedAgent;

/**
 * Role assignments as the admin API shows them, the agent described by the directory index as it is now (a renamed
 * agent shows its new login; one the index no longer holds shows the login it had and {@code "indexed": false}).
 */
public final class AssignmentViews {

	private final DirectoryIndex index;

	AssignmentViews(DirectoryIndex index) {
		this.index = index;
	}

	public List<Map<String, Object>> of(List<RoleAssignment> assignments) {
		Map<String, List<AssignedAgent>> byCommune = assignments.stream()
			.map(RoleAssignment::agent)
			.distinct()
			.collect(Collectors.groupingBy(AssignedAgent::communeId));
		Map<AssignedAgent, IndexedAgent> indexed = new HashMap<>();
		byCommune.forEach((communeId, agents) -> {
			Map<String, IndexedAgent> found = this.index.agents(communeId,
					agents.stream().map(AssignedAgent::uniqueId).toList());
			agents.forEach((agent) -> {
				IndexedAgent current = found.get(agent.uniqueId());
				if (current != null) {
					indexed.put(agent, current);
				}
			});
		});
		List<Map<String, Object>> views = new ArrayList<>();
		for (RoleAssignment assignment : assignments) {
			views.add(view(assignment, indexed::get));
		}
		return views;
	}

	Map<String, Object> of(RoleAssignment assignment) {
		return of(List.of(assignment)).get(0);
	}

	private static Map<String, Object> view(RoleAssignment assignment, Function<AssignedAgent, IndexedAgent> indexed) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", assignment.id());
		json.put("commune", assignment.communeId());
		json.put("client", assignment.clientId());
		json.put("role", assignment.role());
		json.put("source", assignment.source().label());
		json.put("agent", agent(assignment.agent(), indexed.apply(assignment.agent())));
		json.put("expires_at", text(assignment.expiresAt()));
		json.put("granted_by", assignment.grantedBy());
		json.put("granted_at", text(assignment.grantedAt()));
		return json;
	}

	private static Map<String, Object> agent(AssignedAgent agent, IndexedAgent current) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("sub", agent.sub());
		json.put("commune", agent.communeId());
		json.put("login", (current != null) ? current.login() : agent.login());
		if (current != null) {
			json.put("display_name", current.displayName());
		}
		json.put("indexed", current != null);
		return json;
	}

	static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
