package fr.sesame.auth.admin.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.admin.api.AdminAccess;
import fr.sesame.auth.admin.api.AdminApiException;
import fr.sesame.auth.admin.api.AdminInput;
import fr.sesame.auth.admin.api.AgentProfiles;
import fr.sesame.auth.admin.api.AgentSearch;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.leaver.AgentHttpSessions;
import fr.sesame.auth.logout.SessionEnd;
import fr.sesame.auth.mfa.AgentFactors;
import fr.sesame.auth.store.AgentAuthorizations;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.index.CommuneIndexState;
import fr.sesame.directory.index.DirectoryIndex;

/**
 * A commune's agents: a search of the directory index; one agent with its effective roles and where each comes from,
 * its second factors (enrolled or not) and its sessions (the authorizations that relying parties hold); and the two
 * actions on it, each confirmed on a page of its own before it is done: sign out everywhere (the leaver's revocation:
 * every authorization revoked, relying parties logged out, login sessions ended) and reset its second factors.
 */
@Controller
@ConsolePage
class AgentsPage {

	private static final String AGENT = "/console/communes/{communeId}/agents/{login}";

	private static final int SEARCH_LIMIT = 50;

	private static final Set<String> ACTIONS = Set.of("sign-out", "reset-factors");

	private final AdminAccess access;

	private final AgentSearch search;

	private final AgentProfiles profiles;

	private final DirectoryIndex index;

	private final AgentFactors factors;

	private final AgentAuthorizations authorizations;

	private final RegisteredClientRepository clients;

	private final SessionEnd sessionEnd;

	private final AgentHttpSessions httpSessions;

	AgentsPage(AdminAccess access, AgentSearch search, AgentProfiles profiles, DirectoryIndex index,
			AgentFactors factors, AgentAuthorizations authorizations, RegisteredClientRepository clients,
			SessionEnd sessionEnd, AgentHttpSessions httpSessions) {
		this.access = access;
		this.search = search;
		this.profiles = profiles;
		this.index = index;
		this.factors = factors;
		this.authorizations = authorizations;
		this.clients = clients;
		this.sessionEnd = sessionEnd;
		this.httpSessions = httpSessions;
	}

	@GetMapping("/console/communes/{communeId}/agents")
	String search(@PathVariable String communeId, @RequestParam(required = false) String q, AdminCaller caller,
			HttpServletRequest request, Model model) {
		Commune commune = this.access.commune(caller, communeId, request, "search-agents");
		model.addAttribute("commune", commune);
		model.addAttribute("indexSynced",
				this.index.state(commune.id()).map(CommuneIndexState::synced).orElse(false));
		String query;
		try {
			query = AdminInput.query(q);
		}
		catch (AdminApiException ex) {
			model.addAttribute("q", "");
			model.addAttribute("queryInvalid", true);
			return "console-agents";
		}
		model.addAttribute("q", query);
		model.addAttribute("searched", q != null);
		if (q != null) {
			AgentSearch.Result result = this.search.search(commune.id(), query, SEARCH_LIMIT);
			model.addAttribute("agents", result.agents());
			model.addAttribute("truncated", result.truncated());
		}
		return "console-agents";
	}

	@GetMapping(AGENT)
	String agent(@PathVariable String communeId, @PathVariable String login,
			@RequestParam(required = false) String done, AdminCaller caller, HttpServletRequest request,
			Model model) {
		Commune commune = this.access.commune(caller, communeId, request, "read-agent");
		AgentProfiles.Profile profile = profile(caller, commune, login);
		model.addAttribute("commune", commune);
		model.addAttribute("profile", profile);
		model.addAttribute("agent", profile.located().agent());
		model.addAttribute("factors", this.factors.of(profile.sub()));
		model.addAttribute("sessions", sessions(profile.sub()));
		model.addAttribute("done", (done != null && ACTIONS.contains(done)) ? done : null);
		return "console-agent";
	}

	@GetMapping(AGENT + "/sign-out")
	String confirmSignOut(@PathVariable String communeId, @PathVariable String login, AdminCaller caller,
			HttpServletRequest request, Model model) {
		return confirmation("sign-out", communeId, login, caller, request, model);
	}

	@PostMapping(AGENT + "/sign-out")
	String signOut(@PathVariable String communeId, @PathVariable String login, AdminCaller caller,
			HttpServletRequest request) {
		Commune commune = this.access.commune(caller, communeId, request, "sign-out-agent");
		AgentProfiles.Profile profile = profile(caller, commune, login);
		int authorizations = this.authorizations.findByPrincipalName(profile.sub()).size();
		// What a leaver gets: tokens revoked, relying parties told (back-channel logout), login sessions ended.
		this.sessionEnd.agentSignedOutEverywhere(profile.sub(), "admin");
		int sessions = this.httpSessions.endAll(profile.sub());
		Map<String, String> data = new LinkedHashMap<>();
		data.put("action", "sign-out-agent");
		data.put("commune", commune.id());
		data.put("target", profile.located().agent().login());
		data.put("agent", profile.sub());
		data.put("via", "console");
		data.put("before.authorizations", Integer.toString(authorizations));
		data.put("after.authorizations", "0");
		data.put("login-sessions-ended", Integer.toString(sessions));
		this.access.changed(caller, request, AuditEventType.ADMIN_CHANGED, data);
		return redirectToAgent(commune, profile, "sign-out");
	}

	@GetMapping(AGENT + "/reset-factors")
	String confirmReset(@PathVariable String communeId, @PathVariable String login, AdminCaller caller,
			HttpServletRequest request, Model model) {
		return confirmation("reset-factors", communeId, login, caller, request, model);
	}

	@PostMapping(AGENT + "/reset-factors")
	String resetFactors(@PathVariable String communeId, @PathVariable String login, AdminCaller caller,
			HttpServletRequest request) {
		Commune commune = this.access.commune(caller, communeId, request, "reset-factors");
		AgentProfiles.Profile profile = profile(caller, commune, login);
		// Audited by AgentFactors itself (MFA_RESET, with the admin), as for the API's reset.
		this.factors.reset(profile.sub(), caller.sub(), commune.id(), request.getRemoteAddr());
		return redirectToAgent(commune, profile, "reset-factors");
	}

	private String confirmation(String action, String communeId, String login, AdminCaller caller,
			HttpServletRequest request, Model model) {
		Commune commune = this.access.commune(caller, communeId, request,
				"sign-out".equals(action) ? "sign-out-agent" : "reset-factors");
		AgentProfiles.Profile profile = profile(caller, commune, login);
		model.addAttribute("commune", commune);
		model.addAttribute("agent", profile.located().agent());
		model.addAttribute("action", action);
		return "console-confirm";
	}

	private AgentProfiles.Profile profile(AdminCaller caller, Commune commune, String login) {
		return this.profiles.find(caller, commune, login)
			.orElseThrow(() -> AdminApiException.notFound("No such agent in this commune"));
	}

	/** The authorizations relying parties hold for the agent: which application, since when, until when. */
	private List<Map<String, Object>> sessions(String sub) {
		List<Map<String, Object>> sessions = new ArrayList<>();
		for (OAuth2Authorization authorization : this.authorizations.findByPrincipalName(sub)) {
			RegisteredClient client = this.clients.findById(authorization.getRegisteredClientId());
			List<OAuth2Authorization.Token<?>> tokens = Stream
				.of(authorization.getAccessToken(), authorization.getRefreshToken())
				.<OAuth2Authorization.Token<?>>map((token) -> token)
				.filter(Objects::nonNull)
				.toList();
			Map<String, Object> session = new LinkedHashMap<>();
			session.put("client", (client != null) ? client.getClientName() : authorization.getRegisteredClientId());
			session.put("since", tokens.stream()
				.map((token) -> token.getToken().getIssuedAt())
				.filter(Objects::nonNull)
				.min(Comparator.naturalOrder())
				.orElse(null));
			session.put("until", tokens.stream()
				.map((token) -> token.getToken().getExpiresAt())
				.filter(Objects::nonNull)
				.max(Comparator.naturalOrder())
				.orElse(null));
			sessions.add(session);
		}
		sessions.sort(Comparator.comparing((Map<String, Object> session) -> (Instant) session.get("since"),
				Comparator.nullsLast(Comparator.reverseOrder())));
		return sessions;
	}

	private static String redirectToAgent(Commune commune, AgentProfiles.Profile profile, String done) {
		return "redirect:" + UriComponentsBuilder
			.fromPath("/console/communes/{communeId}/agents/{login}")
			.queryParam("done", done)
			.buildAndExpand(commune.id(), profile.located().agent().login())
			.encode()
			.toUriString();
	}

}
