package fr.sesame.auth.admin.api;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.role.AssignedAgent;
import fr.sesame.auth.role.DeclaredRoles;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.auth.web.PrintableText;
import fr.sesame.directory.commune.Commune;

/**
 * The rules an admin's grant must follow, for one grant or a whole CSV import alike. Every problem of every grant
 * is reported, so that a refused import says all that is wrong at once:
 * <ul>
 * <li>the agent exists: in the commune at hand, or, for {@code login@domain}, in the commune owning the domain if the
 * admin administers it too (else it is "unknown", as if it did not exist);</li>
 * <li>the client exists, declares the role, and is open to the commune;</li>
 * <li>an admin role ({@link DeclaredRoles#isAdminRole}) is granted by a syndicate admin only;</li>
 * <li>the expiry is readable, in the future and not absurdly far;</li>
 * <li>the same role of the same client is not granted twice to the same agent in the commune.</li>
 * </ul>
 */
final class RoleGrants {

	private final DeclaredRoles declared;

	private final AgentLookup agents;

	private final RoleAssignments assignments;

	private final Expiries expiries;

	private final Clock clock;

	RoleGrants(DeclaredRoles declared, AgentLookup agents, RoleAssignments assignments, Expiries expiries,
			Clock clock) {
		this.declared = declared;
		this.agents = agents;
		this.assignments = assignments;
		this.expiries = expiries;
		this.clock = clock;
	}

	/**
	 * @param caller who grants
	 * @param commune where the roles apply
	 * @param requests the grants, each with the line it came from (1 for a single grant)
	 */
	Checked check(AdminCaller caller, Commune commune, List<Request> requests) {
		Instant now = this.clock.instant();
		List<Problem> problems = new ArrayList<>();
		Map<Request, AgentLookup.Target> targets = new LinkedHashMap<>();
		Map<Request, Instant> expiries = new HashMap<>();
		for (Request request : requests) {
			checkSyntaxAndRules(caller, commune, request, problems, targets, expiries);
		}
		Map<Request, LocatedAgent> found = locate(caller, targets);
		List<RoleAssignment> existing = this.assignments.ofCommune(commune.id());
		Map<String, Integer> firstLineOf = new HashMap<>();
		List<RoleAssignment> granted = new ArrayList<>();
		for (Request request : requests) {
			if (!targets.containsKey(request)) {
				continue;
			}
			LocatedAgent agent = found.get(request);
			if (agent == null) {
				problems.add(new Problem(request.line(), "unknown_agent",
						"No agent '" + request.login() + "' in this commune"));
				continue;
			}
			RoleAssignment assignment = RoleAssignment.byAdmin(AssignedAgent.of(agent.agent()), commune.id(),
					request.client(), request.role(), expiries.get(request), caller.sub(), now);
			String key = assignment.agent().sub() + '\n' + request.client() + '\n' + request.role();
			Integer first = firstLineOf.putIfAbsent(key, request.line());
			if (first != null) {
				problems.add(new Problem(request.line(), "duplicate",
						"Same agent, client and role as line " + first));
				continue;
			}
			Optional<RoleAssignment> held = existing.stream().filter(assignment::grantsSameAs).findFirst();
			if (held.isPresent()) {
				problems.add(new Problem(request.line(), "duplicate",
						"Already assigned (assignment " + held.get().id() + ")"));
				continue;
			}
			granted.add(assignment);
		}
		problems.sort(Comparator.comparingInt(Problem::line));
		return new Checked(problems.isEmpty() ? granted : List.of(), problems);
	}

	private void checkSyntaxAndRules(AdminCaller caller, Commune commune, Request request, List<Problem> problems,
			Map<Request, AgentLookup.Target> targets, Map<Request, Instant> expiries) {
		int line = request.line();
		int before = problems.size();
		Optional<AgentLookup.Target> target = Optional.empty();
		if (!AdminInput.isLogin(request.login())) {
			problems.add(new Problem(line, "invalid_login", "login must be 1 to " + AdminInput.MAX_LOGIN_LENGTH
					+ " printable characters without surrounding spaces"));
		}
		else {
			target = this.agents.target(commune.id(), request.login());
			if (target.isEmpty()) {
				problems.add(new Problem(line, "unknown_agent", "No agent '" + request.login() + "' in this commune"));
			}
		}
		boolean clientKnown = AdminInput.isClientId(request.client()) && this.declared.knows(request.client());
		if (!clientKnown) {
			problems.add(new Problem(line, "unknown_client", "No client '" + printable(request.client()) + "'"));
		}
		if (!AdminInput.isRole(request.role())) {
			problems.add(new Problem(line, "invalid_role",
					"role must be 1 to 64 characters among A-Z, a-z, 0-9, '.', '_' and '-'"));
		}
		else if (this.declared.isAdminRole(request.role()) && !caller.mayGrantAdminRoles()) {
			problems.add(new Problem(line, Problem.ADMIN_ROLE,
					"Only a syndicate admin grants the admin role '" + request.role() + "'"));
		}
		else if (clientKnown && !this.declared.declares(request.client(), request.role())) {
			List<String> roles = this.declared.declaredBy(request.client());
			problems.add(new Problem(line, "undeclared_role", roles.isEmpty()
					? "Client '" + request.client() + "' declares no role that admins may assign"
					: "Client '" + request.client() + "' declares no role '" + request.role() + "': "
							+ String.join(", ", roles)));
		}
		if (clientKnown && !this.declared.isOpenTo(request.client(), commune.id())) {
			problems.add(new Problem(line, "client_not_open",
					"Client '" + request.client() + "' is not open to this commune"));
		}
		try {
			expiries.put(request, this.expiries.parse(request.expiresAt()));
		}
		catch (Expiries.InvalidExpiry ex) {
			problems.add(new Problem(line, "invalid_expiry", ex.getMessage()));
		}
		if (problems.size() == before) {
			targets.put(request, target.get());
		}
	}

	// Agents of another commune (login@their-domain) are looked up only where the caller administers too; elsewhere
	// they stay unknown, exactly like logins that exist nowhere.
	private Map<Request, LocatedAgent> locate(AdminCaller caller, Map<Request, AgentLookup.Target> targets) {
		Map<String, List<AgentLookup.Target>> byCommune = new LinkedHashMap<>();
		targets.values()
			.stream()
			.filter((target) -> caller.administers(target.communeId()))
			.forEach((target) -> byCommune.computeIfAbsent(target.communeId(), (id) -> new ArrayList<>()).add(target));
		Map<AgentLookup.Target, LocatedAgent> located = new HashMap<>();
		byCommune.forEach((communeId, inCommune) -> located.putAll(this.agents.find(communeId, inCommune)));
		Map<Request, LocatedAgent> found = new HashMap<>();
		targets.forEach((request, target) -> {
			LocatedAgent agent = located.get(target);
			if (agent != null) {
				found.put(request, agent);
			}
		});
		return found;
	}

	private static String printable(String value) {
		if (value == null) {
			return "";
		}
		String shown = (value.length() > 64) ? value.substring(0, 64) + "…" : value;
		return PrintableText.isPrintable(shown) ? shown : "(unprintable)";
	}

	/**
	 * One grant as asked.
	 *
	 * @param line the CSV line it came from (1 for a single grant)
	 * @param login the agent's login as typed
	 * @param client the client id
	 * @param role the role
	 * @param expiresAt the expiry as written; {@code null} or empty for none
	 */
	record Request(int line, String login, String client, String role, String expiresAt) {

		// Identity, not equality: two identical lines of a CSV file are two requests (the second a duplicate).
		@Override
		public boolean equals(Object other) {
			return this == other;
		}

		@Override
		public int hashCode() {
			return System.identityHashCode(this);
		}

	}

	/**
	 * What is wrong with one grant.
	 *
	 * @param line where
	 * @param error a stable code: {@code invalid_login}, {@code unknown_agent}, {@code unknown_client},
	 * {@code invalid_role}, {@code admin_role}, {@code undeclared_role}, {@code client_not_open},
	 * {@code invalid_expiry}, {@code duplicate}
	 * @param description for people
	 */
	record Problem(int line, String error, String description) {

		static final String ADMIN_ROLE = "admin_role";

		Map<String, Object> json() {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("line", this.line);
			json.put("error", this.error);
			json.put("error_description", this.description);
			return json;
		}

	}

	/**
	 * @param assignments what to store when there is no problem; empty otherwise (all or nothing)
	 * @param problems every problem, by line
	 */
	record Checked(List<RoleAssignment> assignments, List<Problem> problems) {

		boolean refusesAdminRole() {
			return this.problems.stream().anyMatch((problem) -> Problem.ADMIN_ROLE.equals(problem.error()));
		}

	}

}
