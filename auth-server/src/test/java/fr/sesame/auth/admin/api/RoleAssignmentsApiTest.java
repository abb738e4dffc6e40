package fr.sesame.auth.admin.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.directory.AgentStanding;
import fr.sesame.auth.directory.ClientRoles;
import fr.sesame.auth.role.AssignedAgent;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.auth.support.AdminTokens;
import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SignedTokens;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.CommuneDirectories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Role assignments through the admin API of the demo server, as a script uses it: a granted role is in the next
 * token for that client and an expired one no longer is, a CSV import is all or nothing and names every bad line, a
 * commune admin never grants an admin role, and every value sent is checked.
 */
class RoleAssignmentsApiTest extends DemoServerTest {

	private static final AdminTokens ADMINS = new AdminTokens(ISSUER);

	private static final String RIVEBELLE = "/api/admin/communes/rivebelle";

	private final AdminApiClient api = new AdminApiClient(ISSUER);

	@Autowired
	private AuditEventRepository auditEvents;

	@Autowired
	private RoleAssignments assignments;

	@Autowired
	private ClientRoles clientRoles;

	@Autowired
	private CommuneDirectories directories;

	// demo-finances declares a role but no commune maps any group to it: open to no commune.
	@DynamicPropertySource
	static void financesDeclaresARole(DynamicPropertyRegistry registry) {
		registry.add("sesame.clients.demo-finances.roles[0]", () -> "comptable");
	}

	@Test
	void aRoleGrantedThroughTheApiIsInTheNextTokenUntilRevoked() throws Exception {
		String admin = ADMINS.of("zdarc@rivebelle.fr");
		assertThat(portalRoles("hlefevre@rivebelle.fr")).containsExactly("agent");

		HttpResponse<String> granted = this.api.post(admin, RIVEBELLE + "/assignments",
				"{\"login\":\"hlefevre\",\"client\":\"demo-portal\",\"role\":\"officier-etat-civil\"}");

		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
		JsonNode assignment = AdminApiClient.json(granted);
		String id = assignment.get("id").asString();
		assertThat(granted.headers().firstValue("Location")).contains(RIVEBELLE + "/assignments/" + id);
		assertThat(assignment.get("source").asString()).isEqualTo("admin");
		assertThat(assignment.get("agent").get("login").asString()).isEqualTo("hlefevre");
		assertThat(assignment.get("expires_at").isNull()).isTrue();
		assertThat(portalRoles("hlefevre@rivebelle.fr")).containsExactly("agent", "officier-etat-civil");

		JsonNode agent = AdminApiClient.json(this.api.get(admin, RIVEBELLE + "/agents/hlefevre"));
		assertThat(agent.get("roles").get("demo-portal").toString())
			.contains("{\"role\":\"agent\",\"commune\":\"rivebelle\",\"source\":\"directory\",\"groups\":[\"agents\"]}")
			.contains("\"role\":\"officier-etat-civil\",\"commune\":\"rivebelle\",\"source\":\"admin\",\"assignment\":\""
					+ id + "\"");
		assertThat(this.api.get(admin, RIVEBELLE + "/assignments").body()).contains(id);
		assertThat(this.api.post(admin, RIVEBELLE + "/assignments",
				"{\"login\":\"HLefevre\",\"client\":\"demo-portal\",\"role\":\"officier-etat-civil\"}").statusCode())
			.as("granted once").isEqualTo(409);

		assertThat(this.api.delete(admin, RIVEBELLE + "/assignments/" + id).statusCode()).isEqualTo(204);

		assertThat(portalRoles("hlefevre@rivebelle.fr")).containsExactly("agent");
		assertThat(this.api.delete(admin, RIVEBELLE + "/assignments/" + id).statusCode()).isEqualTo(404);
		assertThat(data("ROLE_ASSIGNED", id)).containsEntry("commune", "rivebelle")
			.containsEntry("target", "hlefevre")
			.containsEntry("client", "demo-portal")
			.containsEntry("before.role", "none")
			.containsEntry("after.role", "officier-etat-civil")
			.containsEntry("after.expires_at", "none");
		assertThat(data("ROLE_REVOKED", id)).containsEntry("before.role", "officier-etat-civil")
			.containsEntry("after.role", "none");
	}

	@Test
	void anExpiredAssignmentStopsGranting() throws Exception {
		String admin = ADMINS.of("zdarc@rivebelle.fr");
		JsonNode tokens = portalTokens("ijacquet@rivebelle.fr");
		Instant expiresAt = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);

		HttpResponse<String> granted = this.api.post(admin, RIVEBELLE + "/assignments",
				"{\"login\":\"ijacquet\",\"client\":\"demo-portal\",\"role\":\"officier-etat-civil\",\"expires_at\":\""
						+ expiresAt + "\"}");
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
		assertThat(AdminApiClient.json(granted).get("expires_at").asString()).isEqualTo(expiresAt.toString());
		// A refresh is a next token too, and quick enough to come before the expiry.
		JsonNode before = refresh(tokens);
		assertThat(Instant.now()).as("the machine was too slow for this test").isBefore(expiresAt);
		assertThat(roles(before)).containsExactly("agent", "officier-etat-civil");

		Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 500);

		assertThat(roles(refresh(before))).containsExactly("agent");
		assertThat(portalRoles("ijacquet@rivebelle.fr")).containsExactly("agent");
		assertThat(this.api.get(admin, RIVEBELLE + "/assignments").body())
			.doesNotContain(AdminApiClient.json(granted).get("id").asString());
	}

	@Test
	void anExpiryIsSetAndRemovedWithPatch() {
		String admin = ADMINS.of("zdarc@rivebelle.fr");
		String id = AdminApiClient.json(this.api.post(admin, RIVEBELLE + "/assignments",
				"{\"login\":\"jbchevalier\",\"client\":\"sesame-gateway\",\"role\":\"officier-etat-civil\"}"))
			.get("id")
			.asString();

		HttpResponse<String> set = this.api.patch(admin, RIVEBELLE + "/assignments/" + id,
				"{\"expires_at\":\"2030-06-30\"}");
		assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
		assertThat(AdminApiClient.json(set).get("expires_at").asString()).isEqualTo("2030-06-30T22:00:00Z");
		assertThat(data("ROLE_CHANGED", id)).containsEntry("before.expires_at", "none")
			.containsEntry("after.expires_at", "2030-06-30T22:00:00Z");

		HttpResponse<String> removed = this.api.patch(admin, RIVEBELLE + "/assignments/" + id,
				"{\"expires_at\":null}");
		assertThat(AdminApiClient.json(removed).get("expires_at").isNull()).isTrue();
		assertThat(this.api.patch(admin, RIVEBELLE + "/assignments/" + id, "{\"expires_at\":\"2020-01-01\"}")
			.body()).contains("expires_at must be in the future");
		assertThat(this.api.patch(admin, RIVEBELLE + "/assignments/" + id, "{}").statusCode()).isEqualTo(400);
	}

	@Test
	void aCsvImportWithBadRowsImportsNothingAndNamesEveryBadLine() {
		String admin = ADMINS.of("zdarc@rivebelle.fr");
		int before = AdminApiClient.json(this.api.get(admin, RIVEBELLE + "/assignments")).get("assignments").size();
		String csv = String.join("\n", "login,client,role,expires_at", // 1
				"scordier,demo-portal,officier-etat-civil,2030-01-31", // 2: good
				"nobody-here,demo-portal,agent,", // 3
				"scordier,no-such-client,agent,", // 4
				"scordier,demo-portal,maire,", // 5
				"scordier,demo-finances,comptable,", // 6: open to no commune
				"scordier,demo-spa,agent,", // 7: declares no role
				"fjacquet,demo-portal,officier-etat-civil,31/12/2030", // 8
				"scordier,demo-portal,officier-etat-civil,", // 9: same as line 2
				"fjacquet,sesame-admin,commune-admin,", // 10
				"\"fjacquet,demo-portal,agent,", // 11
				"nlemaitre@montclair.fr,demo-portal,agent,", // 12: not this admin's commune
				"fjacquet,demo-portal,agent", // 13: three cells
				"");

		HttpResponse<String> refused = this.api.postCsv(admin, RIVEBELLE + "/assignments/import", csv);

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
		JsonNode body = AdminApiClient.json(refused);
		assertThat(body.get("error").asString()).isEqualTo("invalid_import");
		assertThat(body.get("error_description").asString()).isEqualTo("11 rows are invalid; nothing was imported");
		List<String> rows = new ArrayList<>();
		body.get("rows").forEach((row) -> rows.add(row.get("line").asInt() + " " + row.get("error").asString()));
		assertThat(rows).containsExactly("3 unknown_agent", "4 unknown_client", "5 undeclared_role",
				"6 client_not_open", "7 undeclared_role", "7 client_not_open", "8 invalid_expiry", "9 duplicate",
				"10 admin_role", "11 invalid_line", "12 unknown_agent", "13 invalid_line");
		assertThat(refused.body()).doesNotContain("\"line\":2,");
		assertThat(AdminApiClient.json(this.api.get(admin, RIVEBELLE + "/assignments")).get("assignments").size())
			.as("nothing imported").isEqualTo(before);
		assertThat(this.auditEvents.find(null, null, "ADMIN_DENIED")).extracting(AuditEvent::getData)
			.anySatisfy((data) -> assertThat(data).containsEntry("action", "import-roles")
				.containsEntry("reason", "admin-role"));

		HttpResponse<String> imported = this.api.postCsv(admin, RIVEBELLE + "/assignments/import",
				"login,client,role,expires_at\r\nscordier,demo-portal,officier-etat-civil,2030-01-31\r\n"
						+ "fjacquet@rivebelle.fr,sesame-gateway,officier-etat-civil,\r\n");
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
		assertThat(AdminApiClient.json(imported).get("imported").asInt()).isEqualTo(2);
		assertThat(AdminApiClient.json(this.api.get(admin, RIVEBELLE + "/assignments")).get("assignments").size())
			.isEqualTo(before + 2);
	}

	@Test
	void aCommuneAdminGrantsNoAdminRoleNotEvenToItself() {
		String admin = ADMINS.of("zdarc@rivebelle.fr");
		for (String grant : List.of("{\"login\":\"hlefevre\",\"client\":\"sesame-admin\",\"role\":\"commune-admin\"}",
				"{\"login\":\"zdarc\",\"client\":\"sesame-admin\",\"role\":\"syndicate-admin\"}",
				"{\"login\":\"zdarc\",\"client\":\"demo-portal\",\"role\":\"commune-admin\"}")) {
			HttpResponse<String> refused = this.api.post(admin, RIVEBELLE + "/assignments", grant);
			assertThat(refused.statusCode()).as(grant).isEqualTo(403);
			assertThat(AdminApiClient.json(refused).get("error").asString()).isEqualTo("forbidden");
		}
		assertThat(this.auditEvents.find(null, null, "ADMIN_DENIED")).extracting(AuditEvent::getData)
			.anySatisfy((data) -> assertThat(data).containsEntry("action", "assign-role")
				.containsEntry("commune", "rivebelle")
				.containsEntry("target", "hlefevre")
				.containsEntry("reason", "admin-role"));
		assertThat(this.api.get(admin, RIVEBELLE + "/assignments").body()).doesNotContain("-admin\"");
	}

	@Test
	void aSyndicateAdminGrantsAdminRolesAndRolesInAnotherCommune() throws Exception {
		Agent jloneil = this.directories.connector("rivebelle").orElseThrow().findByLogin("jloneil").orElseThrow();
		this.assignments.add(RoleAssignment.byAdmin(AssignedAgent.of(jloneil), "rivebelle", "sesame-admin",
				"syndicate-admin", null, "bootstrap", Instant.now()));
		String syndicate = ADMINS.of("jloneil@rivebelle.fr");

		JsonNode communes = AdminApiClient.json(this.api.get(syndicate, "/api/admin/communes"));
		assertThat(communes.get("communes").findValuesAsString("id")).containsExactly("rivebelle", "montclair");

		HttpResponse<String> peer = this.api.post(syndicate, RIVEBELLE + "/assignments",
				"{\"login\":\"ggarnier\",\"client\":\"sesame-admin\",\"role\":\"commune-admin\"}");
		assertThat(peer.statusCode()).as(peer.body()).isEqualTo(201);

		HttpResponse<String> elsewhere = this.api.post(syndicate, "/api/admin/communes/montclair/assignments",
				"{\"login\":\"acarre@rivebelle.fr\",\"client\":\"demo-portal\",\"role\":\"officier-etat-civil\"}");
		assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(201);
		JsonNode assignment = AdminApiClient.json(elsewhere);
		assertThat(assignment.get("commune").asString()).isEqualTo("montclair");
		assertThat(assignment.get("agent").get("commune").asString()).isEqualTo("rivebelle");
		assertThat(assignment.get("agent").get("login").asString()).isEqualTo("acarre");

		// The roles claim stays the agent's own commune's; the role in Montclair is scoped by commune.
		assertThat(portalRoles("acarre@rivebelle.fr")).containsExactly("agent");
		Agent acarre = this.directories.connector("rivebelle").orElseThrow().findByLogin("acarre").orElseThrow();
		assertThat(this.clientRoles.granted(new AgentStanding(true, acarre, null, null), "demo-portal").communeRoles())
			.containsExactly(Map.entry("montclair", List.of("officier-etat-civil")),
					Map.entry("rivebelle", List.of("agent")));
		assertThat(this.api.get(syndicate, RIVEBELLE + "/agents/acarre").body())
			.contains("\"role\":\"officier-etat-civil\",\"commune\":\"montclair\",\"source\":\"admin\"");
		// Montclair's admin sees who holds roles in Montclair; Rivebelle's does not see that assignment.
		assertThat(this.api.get(ADMINS.of("zdarc@rivebelle.fr"), RIVEBELLE + "/agents/acarre").body())
			.doesNotContain("montclair");
	}

	@Test
	void agentsAreSearchedInTheIndexAndShownWithTheSourceOfTheirRoles() throws Exception {
		String admin = ADMINS.of("zdarc@rivebelle.fr");
		awaitIndexed(admin);

		JsonNode found = AdminApiClient.json(this.api.get(admin, RIVEBELLE + "/agents?q=LEF&limit=100"));
		assertThat(found.get("agents").findValuesAsString("login")).contains("hlefevre", "flefevre");
		assertThat(found.get("index_synced").asBoolean()).isTrue();
		JsonNode one = AdminApiClient.json(this.api.get(admin, RIVEBELLE + "/agents?limit=1"));
		assertThat(one.get("agents").size()).isEqualTo(1);
		assertThat(one.get("truncated").asBoolean()).isTrue();

		JsonNode jdupont = AdminApiClient.json(this.api.get(admin, RIVEBELLE + "/agents/jdupont@rivebelle.fr"));
		assertThat(jdupont.get("login").asString()).isEqualTo("jdupont");
		assertThat(jdupont.get("source").asString()).isEqualTo("index");
		assertThat(jdupont.get("roles").get("demo-portal").toString()).contains(
				"{\"role\":\"officier-etat-civil\",\"commune\":\"rivebelle\",\"source\":\"directory\",\"groups\":[\"etat-civil\"]}");
		assertThat(this.api.get(admin, RIVEBELLE + "/agents/nobody-here").statusCode()).isEqualTo(404);
		assertThat(this.api.get(admin, RIVEBELLE + "/agents/nlemaitre@montclair.fr").statusCode()).isEqualTo(404);

		JsonNode communes = AdminApiClient.json(this.api.get(admin, "/api/admin/communes"));
		assertThat(communes.get("communes").size()).isEqualTo(1);
		JsonNode rivebelle = communes.get("communes").get(0);
		assertThat(rivebelle.get("id").asString()).isEqualTo("rivebelle");
		assertThat(rivebelle.get("directory").get("reachable").asBoolean()).isTrue();
		assertThat(rivebelle.get("index").get("agents").asInt()).isGreaterThan(200);
		assertThat(rivebelle.get("sync").get("state").asString()).isIn("up", "starting");
		assertThat(rivebelle.get("applications").findValuesAsString("client")).contains("demo-portal", "sesame-admin")
			.doesNotContain("demo-finances", "demo-spa");
	}

	@Test
	void everyValueSentIsChecked() {
		String admin = ADMINS.of("zdarc@rivebelle.fr");
		String assignments = RIVEBELLE + "/assignments";
		Map<String, Integer> refused = Map.ofEntries(
				Map.entry("{\"login\":\"hlefevre\",\"client\":\"demo-portal\",\"role\":\"agent\",\"admin\":true}", 400),
				Map.entry("{\"login\":\"hlefevre\",\"login\":\"zdarc\",\"client\":\"demo-portal\",\"role\":\"agent\"}",
						400),
				Map.entry("[\"hlefevre\"]", 400), Map.entry("not json", 400),
				Map.entry("{\"login\":[\"hlefevre\"],\"client\":\"demo-portal\",\"role\":\"agent\"}", 400),
				Map.entry("{\"login\":\"hle\\u0000fevre\",\"client\":\"demo-portal\",\"role\":\"agent\"}", 400),
				Map.entry("{\"login\":\" hlefevre\",\"client\":\"demo-portal\",\"role\":\"agent\"}", 400),
				Map.entry("{\"login\":\"hlefevre\",\"client\":\"demo-portal\",\"role\":\"a:b\"}", 400),
				Map.entry("{\"login\":\"hlefevre\",\"client\":\"demo portal\",\"role\":\"agent\"}", 400),
				Map.entry("{\"client\":\"demo-portal\",\"role\":\"agent\"}", 400),
				Map.entry("{\"login\":\"" + "x".repeat(300) + "\",\"client\":\"demo-portal\",\"role\":\"agent\"}", 400),
				Map.entry("{\"login\":\"" + "x".repeat(5000) + "\"}", 413));
		refused.forEach((body, status) -> {
			HttpResponse<String> response = this.api.post(admin, assignments, body);
			assertThat(response.statusCode()).as(body.length() > 80 ? body.substring(0, 80) : body).isEqualTo(status);
			JsonNode error = AdminApiClient.json(response);
			assertThat(error.get("error").isString()).isTrue();
			assertThat(error.get("error_description").isString()).isTrue();
		});
		assertThat(this.api.send(admin, "POST", assignments, "text/plain", "login=hlefevre").statusCode())
			.isEqualTo(415);
		assertThat(this.api.send(admin, "POST", assignments + "/import", "application/json", "{}").statusCode())
			.isEqualTo(415);
		assertThat(this.api.send(admin, "POST", assignments + "/import", "text/csv",
				"login,client,role,expires_at\n\u00ff").statusCode()).as("header but a bad row").isEqualTo(400);
		assertThat(this.api.get(admin, RIVEBELLE + "/agents?q=" + "a".repeat(65)).statusCode()).isEqualTo(400);
		assertThat(this.api.get(admin, RIVEBELLE + "/agents?q=%00").statusCode()).isEqualTo(400);
		for (String limit : List.of("0", "101", "-1", "ten", "1e3", "99999999999")) {
			assertThat(this.api.get(admin, RIVEBELLE + "/agents?limit=" + limit).statusCode()).as(limit).isEqualTo(400);
		}
		for (String id : List.of("nope", "00000000-0000-0000-0000-000000000000", "import", "..%2F..")) {
			assertThat(this.api.delete(admin, assignments + "/" + id).statusCode()).as(id).isIn(400, 404);
			assertThat(this.api.patch(admin, assignments + "/" + id, "{\"expires_at\":null}").statusCode()).as(id)
				.isIn(400, 404);
		}
		assertThat(this.api.get(admin, "/api/admin/communes/Rivebelle/assignments").statusCode()).isEqualTo(404);
		assertThat(this.api.get(null, RIVEBELLE + "/assignments").statusCode()).isEqualTo(401);
		assertThat(this.api.get("not-a-token", RIVEBELLE + "/assignments").statusCode()).isEqualTo(401);
	}

	@Test
	void aTokenWithoutTheAdminScopeOrWithoutAdminRoleGetsNothing() {
		JsonNode portal = portalTokens("hlefevre@rivebelle.fr");
		assertThat(this.api.get(portal.get("access_token").asString(), RIVEBELLE + "/assignments").statusCode())
			.isEqualTo(403);
	}

	private List<String> portalRoles(String login) throws Exception {
		return roles(portalTokens(login));
	}

	private JsonNode portalTokens(String login) {
		OidcClient portal = OidcClient.demoPortal(ISSUER);
		OidcClient.Request request = portal.authorizationRequest("openid profile");
		String callback = portal.signIn(new Browser(), request, login, OidcClient.DEMO_PASSWORD, null);
		HttpResponse<JsonNode> tokens = portal.exchange(portal.code(callback, request), request.verifier());
		assertThat(tokens.statusCode()).as(tokens.body().toString()).isEqualTo(200);
		return tokens.body();
	}

	private JsonNode refresh(JsonNode tokens) {
		HttpResponse<JsonNode> refreshed = OidcClient.demoPortal(ISSUER)
			.refresh(tokens.get("refresh_token").asString());
		assertThat(refreshed.statusCode()).as(refreshed.body().toString()).isEqualTo(200);
		return refreshed.body();
	}

	private static List<String> roles(JsonNode tokens) throws Exception {
		JWTClaimsSet claims = SignedTokens.verify(ISSUER, tokens.get("access_token").asString());
		return claims.getStringListClaim("roles");
	}

	private Map<String, Object> data(String type, String assignmentId) {
		return this.auditEvents.find(null, null, type)
			.stream()
			.map(AuditEvent::getData)
			.filter((data) -> assignmentId.equals(data.get("assignment")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + type + " audit event for " + assignmentId));
	}

	private void awaitIndexed(String admin) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			JsonNode communes = AdminApiClient.json(this.api.get(admin, "/api/admin/communes"));
			if (communes.get("communes").get(0).get("index").get("synced").asBoolean()) {
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the demo index of Rivebelle was not synchronised within 30 s");
	}

}
