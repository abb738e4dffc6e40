package fr.sesame.auth.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.role.AssignedAgent;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.Commune;

/**
 * One agent of a commune as its admins see it, for the API and the console alike: found by the login an admin typed
 * (in that commune only: an agent of another commune is as unknown as one that exists nowhere), with its effective
 * roles per client and where each comes from (the directory groups that grant it, or an admin's assignment and its
 * expiry).
 */
public final class AgentProfiles {

	private final AgentLookup lookup;

	private final RoleAssignments assignments;

	AgentProfiles(AgentLookup lookup, RoleAssignments assignments) {
		this.lookup = lookup;
		this.assignments = assignments;
	}

	/** @return empty when the commune has no such agent, or the login cannot be one */
	public Optional<Profile> find(AdminCaller caller, Commune commune, String login) {
		return Optional.ofNullable(login)
			.filter(AdminInput::isLogin)
			.flatMap((typed) -> this.lookup.target(commune.id(), typed))
			.filter((target) -> target.communeId().equals(commune.id()))
			.flatMap((target) -> this.lookup.find(commune.id(), target))
			.map((located) -> {
				AssignedAgent assigned = AssignedAgent.of(located.agent());
				return new Profile(located, assigned.sub(), roles(caller, commune, assigned, located.agent()));
			});
	}

	/**
	 * Client id → roles. Directory roles list the agent's groups that grant them; admin assignments are shown in
	 * every commune the caller administers (an agent of the syndicate may hold roles elsewhere too).
	 */
	private Map<String, List<Map<String, Object>>> roles(AdminCaller caller, Commune commune, AssignedAgent assigned,
			Agent agent) {
		Map<String, List<Map<String, Object>>> byClient = new TreeMap<>();
		new TreeMap<>(commune.roleMappings()).forEach((clientId, mappings) -> new TreeMap<>(mappings)
			.forEach((role, groups) -> {
				List<String> granting = agent.groups()
					.stream()
					.filter((held) -> groups.stream().anyMatch(held::equalsIgnoreCase))
					.toList();
				if (!granting.isEmpty()) {
					Map<String, Object> json = new LinkedHashMap<>();
					json.put("role", role);
					json.put("commune", commune.id());
					json.put("source", "directory");
					json.put("groups", granting);
					byClient.computeIfAbsent(clientId, (key) -> new ArrayList<>()).add(json);
				}
			}));
		for (RoleAssignment assignment : this.assignments.ofAgent(assigned.sub())) {
			if (!caller.administers(assignment.communeId())) {
				continue;
			}
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("role", assignment.role());
			json.put("commune", assignment.communeId());
			json.put("source", assignment.source().label());
			json.put("assignment", assignment.id());
			json.put("expires_at", AssignmentViews.text(assignment.expiresAt()));
			json.put("granted_by", assignment.grantedBy());
			json.put("granted_at", AssignmentViews.text(assignment.grantedAt()));
			byClient.computeIfAbsent(assignment.clientId(), (key) -> new ArrayList<>()).add(json);
		}
		return byClient;
	}

	/**
	 * @param located the agent, from the index or its directory
	 * @param sub its {@code sub}
	 * @param roles client id → its roles there, each with {@code role}, {@code commune}, {@code source} and either
	 * {@code groups} (directory) or {@code assignment}, {@code expires_at}, {@code granted_by}, {@code granted_at}
	 */
	public record Profile(LocatedAgent located, String sub, Map<String, List<Map<String, Object>>> roles) {
	}

}
