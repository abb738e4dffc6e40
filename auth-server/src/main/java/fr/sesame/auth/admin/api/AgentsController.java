package fr.sesame.auth.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.role.AssignedAgent;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.index.CommuneIndexState;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.index.IndexedAgent;

/**
 * A commune's agents as its admins see them: a search of the directory index, and one agent with its effective roles
 * per client and where each comes from (the directory groups that grant it, or an admin's assignment and its
 * expiry).
 */
@RestController
class AgentsController {

	private final AdminAccess access;

	private final AgentSearch search;

	private final AgentLookup lookup;

	private final DirectoryIndex index;

	private final RoleAssignments assignments;

	AgentsController(AdminAccess access, AgentSearch search, AgentLookup lookup, DirectoryIndex index,
			RoleAssignments assignments) {
		this.access = access;
		this.search = search;
		this.lookup = lookup;
		this.index = index;
		this.assignments = assignments;
	}

	@GetMapping(path = "/api/admin/communes/{communeId}/agents", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> search(@PathVariable String communeId, @RequestParam(required = false) String q,
			@RequestParam(required = false) String limit, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "search-agents");
		Commune commune = this.access.commune(caller, communeId, request, "search-agents");
		String query = AdminInput.query(q);
		int max = AdminInput.limit(limit);
		AgentSearch.Result result = this.search.search(commune.id(), query, max);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("commune", commune.id());
		body.put("agents", result.agents().stream().map(AgentsController::summary).toList());
		body.put("truncated", result.truncated());
		Optional<CommuneIndexState> state = this.index.state(commune.id());
		body.put("index_synced", state.map(CommuneIndexState::synced).orElse(false));
		return body;
	}

	@GetMapping(path = "/api/admin/communes/{communeId}/agents/{login}", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> agent(@PathVariable String communeId, @PathVariable String login,
			@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "read-agent");
		Commune commune = this.access.commune(caller, communeId, request, "read-agent");
		LocatedAgent located = Optional.of(login)
			.filter(AdminInput::isLogin)
			.flatMap((typed) -> this.lookup.target(commune.id(), typed))
			.filter((target) -> target.communeId().equals(commune.id()))
			.flatMap((target) -> this.lookup.find(commune.id(), target))
			.orElseThrow(() -> AdminApiException.notFound("No such agent in this commune"));
		Agent agent = located.agent();
		AssignedAgent assigned = AssignedAgent.of(agent);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("commune", commune.id());
		body.put("login", agent.login());
		body.put("sub", assigned.sub());
		body.put("display_name", agent.displayName());
		body.put("given_name", agent.givenName());
		body.put("family_name", agent.familyName());
		body.put("email", agent.email());
		body.put("enabled", located.enabled());
		body.put("source", located.indexed() ? "index" : "directory");
		body.put("groups", agent.groups());
		body.put("roles", roles(caller, commune, assigned, agent));
		return body;
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

	private static Map<String, Object> summary(IndexedAgent agent) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("login", agent.login());
		json.put("display_name", agent.displayName());
		json.put("email", agent.email());
		json.put("enabled", agent.enabled());
		return json;
	}

}
