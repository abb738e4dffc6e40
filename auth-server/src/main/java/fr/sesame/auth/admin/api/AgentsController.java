package fr.sesame.auth.admin.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import fr.sesame.auth.admin.AdminCaller;
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

	private final AgentProfiles profiles;

	private final DirectoryIndex index;

	AgentsController(AdminAccess access, AgentSearch search, AgentProfiles profiles, DirectoryIndex index) {
		this.access = access;
		this.search = search;
		this.profiles = profiles;
		this.index = index;
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
		AgentProfiles.Profile profile = this.profiles.find(caller, commune, login)
			.orElseThrow(() -> AdminApiException.notFound("No such agent in this commune"));
		LocatedAgent located = profile.located();
		Agent agent = located.agent();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("commune", commune.id());
		body.put("login", agent.login());
		body.put("sub", profile.sub());
		body.put("display_name", agent.displayName());
		body.put("given_name", agent.givenName());
		body.put("family_name", agent.familyName());
		body.put("email", agent.email());
		body.put("enabled", located.enabled());
		body.put("source", located.indexed() ? "index" : "directory");
		body.put("groups", agent.groups());
		body.put("roles", profile.roles());
		return body;
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
