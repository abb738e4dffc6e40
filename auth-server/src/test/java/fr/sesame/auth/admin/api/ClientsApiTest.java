package fr.sesame.auth.admin.api;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;

import fr.sesame.auth.role.AssignedAgent;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.auth.support.AdminTokens;
import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SecondFactorPages;
import fr.sesame.auth.support.SignedTokens;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.CommuneDirectories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applications registered and edited through the admin API of the demo server, then used at once by the OAuth2
 * endpoints: an authorization-code flow with PKCE, a rotated secret (the old one refused), a redirect URI removed
 * (refused), a deleted client whose tokens stop working. Only a syndicate admin changes clients; every bad value is
 * refused with a clear error and changes nothing.
 */
class ClientsApiTest extends DemoServerTest {

	private static final AdminTokens ADMINS = new AdminTokens(ISSUER);

	private static final String CLIENTS = "/api/admin/clients";

	private static final String CALLBACK = "http://127.0.0.1:9999/callback";

	private static boolean syndicateAdminExists;

	private final AdminApiClient api = new AdminApiClient(ISSUER);

	@Autowired
	private AuditEventRepository auditEvents;

	@Autowired
	private RoleAssignments assignments;

	@Autowired
	private CommuneDirectories directories;

	/** jloneil of Rivebelle administers the syndicate (the demo directories have no syndicate admin). */
	@BeforeEach
	synchronized void aSyndicateAdminExists() throws Exception {
		if (syndicateAdminExists) {
			return;
		}
		Agent jloneil = this.directories.connector("rivebelle").orElseThrow().findByLogin("jloneil").orElseThrow();
		this.assignments.add(RoleAssignment.byAdmin(AssignedAgent.of(jloneil), "rivebelle", "sesame-admin",
				"syndicate-admin", null, "bootstrap", Instant.now()));
		syndicateAdminExists = true;
	}

	@Test
	void aRegisteredClientSignsAgentsInWithPkceAndItsRolesAreAssignable() throws Exception {
		HttpResponse<String> registered = this.api.post(syndicate(), CLIENTS, """
				{"client_id": "portail-rh", "name": "Portail RH", "redirect_uris": ["%s"],
				 "grant_types": ["authorization_code", "refresh_token"], "scopes": ["openid", "profile"],
				 "roles": ["gestionnaire-rh"], "communes": ["rivebelle"], "access_token_ttl": "10m"}
				""".formatted(CALLBACK));

		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
		assertThat(registered.headers().firstValue("Location")).contains(CLIENTS + "/portail-rh");
		assertThat(registered.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		JsonNode client = AdminApiClient.json(registered);
		String secret = client.get("client_secret").asString();
		assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
		assertThat(client.get("source").asString()).isEqualTo("registered");
		assertThat(client.get("access_token_ttl").asString()).isEqualTo("PT10M");
		String read = this.api.get(syndicate(), CLIENTS + "/portail-rh").body();
		assertThat(read).contains("\"portail-rh\"").doesNotContain(secret).doesNotContain("client_secret")
			.doesNotContain("hmac");

		// Its roles can be assigned by the commune it is open to, and reach its tokens.
		HttpResponse<String> granted = this.api.post(ADMINS.of("zdarc@rivebelle.fr"),
				"/api/admin/communes/rivebelle/assignments",
				"{\"login\":\"hlefevre\",\"client\":\"portail-rh\",\"role\":\"gestionnaire-rh\"}");
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);

		OidcClient portal = new OidcClient(ISSUER, "portail-rh", secret, CALLBACK);
		OidcClient.Request request = portal.authorizationRequest("openid profile");
		String callback = portal.signIn(new Browser(), request, "hlefevre@rivebelle.fr", OidcClient.DEMO_PASSWORD,
				null);
		HttpResponse<JsonNode> tokens = portal.exchange(portal.code(callback, request), request.verifier());
		assertThat(tokens.statusCode()).as(tokens.body().toString()).isEqualTo(200);
		JWTClaimsSet idToken = SignedTokens.verify(ISSUER, tokens.body().get("id_token").asString());
		assertThat(idToken.getAudience()).containsExactly("portail-rh");
		JWTClaimsSet accessToken = SignedTokens.verify(ISSUER, tokens.body().get("access_token").asString());
		assertThat(accessToken.getStringListClaim("roles")).containsExactly("gestionnaire-rh");
		assertThat(tokens.body().get("expires_in").asLong()).isBetween(590L, 600L);
		assertThat(portal.refresh(tokens.body().get("refresh_token").asString()).statusCode()).isEqualTo(200);

		assertThat(changes("register-client")).anySatisfy((data) -> assertThat(data)
			.containsEntry("target", "portail-rh")
			.containsEntry("before.redirect_uris", "none")
			.containsEntry("after.redirect_uris", CALLBACK)
			.containsEntry("after.roles", "gestionnaire-rh"));
		assertNoSecretIn(secret);
	}

	@Test
	void aRotatedSecretReplacesTheOldOneAtOnce() {
		String secret = register("batch-etat-civil", "{\"client_id\": \"batch-etat-civil\", \"name\": \"Batch\","
				+ " \"grant_types\": [\"client_credentials\"], \"scopes\": [\"etat-civil.read\"]}");
		OidcClient batch = new OidcClient(ISSUER, "batch-etat-civil", secret, CALLBACK);
		assertThat(batch.clientCredentials().statusCode()).isEqualTo(200);

		HttpResponse<String> rotated = this.api.post(syndicate(), CLIENTS + "/batch-etat-civil/secret", null);

		assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
		assertThat(rotated.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		String newSecret = AdminApiClient.json(rotated).get("client_secret").asString();
		assertThat(newSecret).isNotEqualTo(secret);
		assertThat(batch.clientCredentials().statusCode()).as("the old secret").isEqualTo(401);
		HttpResponse<JsonNode> withNew = batch.withSecret(newSecret).clientCredentials();
		assertThat(withNew.statusCode()).as(withNew.body().toString()).isEqualTo(200);
		assertThat(changes("rotate-client-secret")).anySatisfy((data) -> assertThat(data)
			.containsEntry("target", "batch-etat-civil")
			.containsEntry("after.secret", "rotated"));
		assertNoSecretIn(secret);
		assertNoSecretIn(newSecret);
	}

	@Test
	void aRemovedRedirectUriIsRefusedAtOnceAndTheKeptOneStillWorks() {
		String kept = "https://kept.example.fr/callback";
		String secret = register("portail-urbanisme", """
				{"client_id": "portail-urbanisme", "name": "Urbanisme",
				 "redirect_uris": ["%s", "%s"], "grant_types": ["authorization_code"]}
				""".formatted(CALLBACK, kept));
		Browser browser = new Browser();
		OidcClient old = new OidcClient(ISSUER, "portail-urbanisme", secret, CALLBACK);
		assertThat(browser.get(old.authorizationRequest("openid").url()).statusCode()).as("before the edit")
			.isEqualTo(302);

		HttpResponse<String> edited = this.api.patch(syndicate(), CLIENTS + "/portail-urbanisme",
				"{\"redirect_uris\": [\"" + kept + "\"]}");

		assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
		assertThat(AdminApiClient.json(edited).has("client_secret")).as("the secret is kept, not shown").isFalse();
		assertThat(AdminApiClient.json(edited).get("name").asString()).as("a patch keeps the rest")
			.isEqualTo("Urbanisme");
		HttpResponse<String> refused = browser.get(old.authorizationRequest("openid").url());
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Location")).isEmpty();
		HttpResponse<String> allowed = browser
			.get(new OidcClient(ISSUER, "portail-urbanisme", secret, kept).authorizationRequest("openid").url());
		assertThat(allowed.statusCode()).isEqualTo(302);
		assertThat(Browser.location(allowed)).endsWith("/login");
		assertThat(changes("update-client")).anySatisfy((data) -> assertThat(data)
			.containsEntry("target", "portail-urbanisme")
			.containsEntry("before.redirect_uris", CALLBACK + " " + kept)
			.containsEntry("after.redirect_uris", kept)
			.doesNotContainKey("before.name"));
	}

	@Test
	void aSecondFactorRequiredByAnEditIsAskedAtTheNextSignIn() {
		String secret = register("portail-finances", "{\"client_id\": \"portail-finances\", \"name\": \"Finances\","
				+ " \"redirect_uris\": [\"" + CALLBACK + "\"], \"grant_types\": [\"authorization_code\"]}");
		OidcClient finances = new OidcClient(ISSUER, "portail-finances", secret, CALLBACK);
		HttpResponse<String> withPassword = new SecondFactorPages(ISSUER, new Browser()).signInWithPassword(finances,
				finances.authorizationRequest("openid"), "acarre@rivebelle.fr");
		assertThat(Browser.isRedirect(withPassword)).as("no second factor asked yet").isTrue();
		assertThat(Browser.location(withPassword)).startsWith(CALLBACK);

		HttpResponse<String> edited = this.api.patch(syndicate(), CLIENTS + "/portail-finances",
				"{\"mfa\": \"required\"}");
		assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);

		HttpResponse<String> page = new SecondFactorPages(ISSUER, new Browser()).signInWithPassword(finances,
				finances.authorizationRequest("openid"), "acarre@rivebelle.fr");
		assertThat(page.uri().getPath()).as("the agent is asked to enrol a second factor").isEqualTo("/mfa/enrol");
		assertThat(changes("update-client")).anySatisfy((data) -> assertThat(data)
			.containsEntry("target", "portail-finances")
			.containsEntry("before.mfa", "none")
			.containsEntry("after.mfa", "required"));
	}

	@Test
	void everyBadValueIsRefusedClearlyAndNothingChanges() {
		register("deja-la", "{\"client_id\": \"deja-la\", \"name\": \"Déjà là\", \"redirect_uris\": [\"" + CALLBACK
				+ "\"], \"grant_types\": [\"authorization_code\"]}");
		String before = this.api.get(syndicate(), CLIENTS).body();
		Map<String, String> refusals = new java.util.LinkedHashMap<>();
		refusals.put(redirect("/callback"), "redirect_uris entries must be absolute https URIs");
		refusals.put(redirect("https://app.example.fr/callback#fragment"), "without fragment");
		refusals.put(redirect("javascript:alert(1)"), "redirect_uris entries must be absolute https URIs");
		refusals.put(redirect("http://app.example.fr/callback"), "http is accepted only for localhost");
		refusals.put(redirect("https://*.example.fr/callback"), "wildcard");
		refusals.put(redirect("https://user:pw@app.example.fr/callback"), "user info");
		refusals.put(body("\"grant_types\": [\"password\"]"), "grant_types: unknown grant type");
		refusals.put(body("\"grant_types\": []"), "grant_types must list at least one");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"access_token_ttl\": \"30s\""),
				"access_token_ttl must be between 1 minute and 1 hour");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"access_token_ttl\": \"2h\""),
				"access_token_ttl must be between 1 minute and 1 hour");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"refresh_token_ttl\": \"31d\""),
				"refresh_token_ttl must be between access_token_ttl and 30 days");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"access_token_ttl\": \"soon\""),
				"access_token_ttl must be a duration");
		refusals.put(body("\"grant_types\": [\"authorization_code\"]"), "needs at least one redirect_uris entry");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"confidential\": false"),
				"a public client (confidential: false) cannot use the client_credentials grant");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"scopes\": [\"sesame.admin\"]"),
				"the sesame.admin scope belongs to the configured admin client");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"roles\": [\"syndicate-admin\"]"),
				"cannot be declared by a registered client");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"communes\": [\"valbonne\"]"),
				"communes must list ids of communes this server serves");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"mfa\": \"sometimes\""),
				"mfa must be none, required or passkey");
		refusals.put(body("\"grant_types\": \"client_credentials\""), "grant_types must be an array");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"require_pkce\": \"yes\""),
				"require_pkce must be true or false");
		refusals.put(body("\"grant_types\": [\"client_credentials\"], \"secret\": \"mine\""), "Unknown field");
		refusals.put("{\"client_id\": \"Bad Id!\", \"name\": \"x\", \"grant_types\": [\"client_credentials\"]}",
				"client_id must be 3 to 64 characters");
		refusals.put("{\"name\": \"x\", \"grant_types\": [\"client_credentials\"]}", "client_id is required");
		refusals.put("{\"client_id\": \"nouvelle\", \"grant_types\": [\"client_credentials\"]}",
				"name is required");
		refusals.put("not json", "not valid JSON");
		for (Map.Entry<String, String> refusal : refusals.entrySet()) {
			HttpResponse<String> response = this.api.post(syndicate(), CLIENTS, refusal.getKey());
			assertThat(response.statusCode()).as(refusal.getKey() + " → " + response.body()).isEqualTo(400);
			assertThat(AdminApiClient.json(response).get("error_description").asString()).as(refusal.getKey())
				.contains(refusal.getValue());
		}

		HttpResponse<String> duplicate = this.api.post(syndicate(), CLIENTS, "{\"client_id\": \"deja-la\", \"name\":"
				+ " \"Encore\", \"grant_types\": [\"client_credentials\"]}");
		assertThat(duplicate.statusCode()).isEqualTo(409);
		assertThat(duplicate.body()).contains("A client with this client_id already exists");
		HttpResponse<String> configuredId = this.api.post(syndicate(), CLIENTS, "{\"client_id\": \"demo-portal\","
				+ " \"name\": \"Imposteur\", \"grant_types\": [\"client_credentials\"]}");
		assertThat(configuredId.statusCode()).isEqualTo(409);
		HttpResponse<String> oversized = this.api.post(syndicate(), CLIENTS, "{\"client_id\": \"grosse\", \"name\": \""
				+ "x".repeat(17 * 1024) + "\", \"grant_types\": [\"client_credentials\"]}");
		assertThat(oversized.statusCode()).isEqualTo(413);
		HttpResponse<String> configured = this.api.patch(syndicate(), CLIENTS + "/demo-portal", "{\"name\": \"x\"}");
		assertThat(configured.statusCode()).isEqualTo(409);
		assertThat(configured.body()).contains("declared in the server's configuration (sesame.clients)");
		assertThat(this.api.delete(syndicate(), CLIENTS + "/demo-portal").statusCode()).isEqualTo(409);
		assertThat(this.api.post(syndicate(), CLIENTS + "/demo-portal/secret", null).statusCode()).isEqualTo(409);
		HttpResponse<String> badEdit = this.api.patch(syndicate(), CLIENTS + "/deja-la",
				"{\"redirect_uris\": [\"https://app.example.fr/*\"]}");
		assertThat(badEdit.statusCode()).isEqualTo(400);
		assertThat(this.api.send(syndicate(), "PUT", CLIENTS + "/personne", "application/json",
				"{\"name\": \"x\", \"grant_types\": [\"client_credentials\"]}").statusCode()).isEqualTo(404);

		assertThat(this.api.get(syndicate(), CLIENTS).body()).as("nothing changed").isEqualTo(before);
		assertThat(before).doesNotContain("Imposteur").doesNotContain("nouvelle").doesNotContain("grosse");
	}

	@Test
	void aCommuneAdminReadsOnlyTheClientsOpenToItsCommuneAndChangesNone() {
		register("rivebelle-seule", "{\"client_id\": \"rivebelle-seule\", \"name\": \"Rivebelle seule\","
				+ " \"grant_types\": [\"client_credentials\"], \"communes\": [\"rivebelle\"]}");
		register("montclair-seule", "{\"client_id\": \"montclair-seule\", \"name\": \"Montclair seule\","
				+ " \"grant_types\": [\"client_credentials\"], \"communes\": [\"montclair\"]}");
		String rivebelle = ADMINS.of("zdarc@rivebelle.fr");

		JsonNode listed = AdminApiClient.json(this.api.get(rivebelle, CLIENTS));
		assertThat(listed.get("clients").findValuesAsString("client_id")).contains("rivebelle-seule", "demo-portal")
			.doesNotContain("montclair-seule");
		HttpResponse<String> hidden = this.api.get(rivebelle, CLIENTS + "/montclair-seule");
		HttpResponse<String> absent = this.api.get(rivebelle, CLIENTS + "/absente");
		assertThat(hidden.statusCode()).isEqualTo(404);
		assertThat(hidden.body()).isEqualTo(absent.body());
		assertThat(this.api.get(rivebelle, CLIENTS + "/rivebelle-seule").statusCode()).isEqualTo(200);

		HttpResponse<String> refused = this.api.patch(rivebelle, CLIENTS + "/rivebelle-seule", "{\"name\": \"x\"}");
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(this.api.post(rivebelle, CLIENTS + "/rivebelle-seule/secret", null).statusCode()).isEqualTo(403);
		assertThat(this.api.delete(rivebelle, CLIENTS + "/rivebelle-seule").statusCode()).isEqualTo(403);
		assertThat(this.api.post(rivebelle, CLIENTS, "{\"client_id\": \"a-moi\", \"name\": \"x\", \"grant_types\":"
				+ " [\"client_credentials\"]}").statusCode()).isEqualTo(403);
		assertThat(this.api.get(syndicate(), CLIENTS + "/rivebelle-seule").body()).contains("Rivebelle seule");
		assertThat(this.api.get(syndicate(), CLIENTS + "/a-moi").statusCode()).isEqualTo(404);
		assertThat(this.auditEvents.find(null, null, "ADMIN_DENIED")).extracting(AuditEvent::getData)
			.anySatisfy((data) -> assertThat(data).containsEntry("action", "update-client")
				.containsEntry("target", "rivebelle-seule")
				.containsEntry("reason", "not-syndicate-admin"));
	}

	@Test
	void deletingAClientRevokesWhatWasIssuedToIt() throws Exception {
		String secret = register("appli-supprimee", """
				{"client_id": "appli-supprimee", "name": "Bientôt supprimée", "redirect_uris": ["%s"],
				 "grant_types": ["authorization_code", "refresh_token", "client_credentials"]}
				""".formatted(CALLBACK));
		OidcClient doomed = new OidcClient(ISSUER, "appli-supprimee", secret, CALLBACK);
		OidcClient.Request request = doomed.authorizationRequest("openid profile");
		String callback = doomed.signIn(new Browser(), request, "jdupont@rivebelle.fr", OidcClient.DEMO_PASSWORD,
				null);
		JsonNode tokens = doomed.exchange(doomed.code(callback, request), request.verifier()).body();
		String machineToken = doomed.clientCredentials().body().get("access_token").asString();
		OidcClient portal = OidcClient.demoPortal(ISSUER);
		assertThat(portal.introspect(tokens.get("access_token").asString()).body().get("active").asBoolean()).isTrue();

		assertThat(this.api.delete(syndicate(), CLIENTS + "/appli-supprimee").statusCode()).isEqualTo(204);

		assertThat(portal.introspect(tokens.get("access_token").asString()).body().get("active").asBoolean())
			.isFalse();
		assertThat(portal.introspect(tokens.get("refresh_token").asString()).body().get("active").asBoolean())
			.isFalse();
		assertThat(portal.introspect(machineToken).body().get("active").asBoolean()).isFalse();
		assertThat(doomed.refresh(tokens.get("refresh_token").asString()).statusCode()).isEqualTo(401);
		assertThat(doomed.clientCredentials().statusCode()).isEqualTo(401);
		assertThat(this.api.get(syndicate(), CLIENTS + "/appli-supprimee").statusCode()).isEqualTo(404);
		assertThat(this.api.delete(syndicate(), CLIENTS + "/appli-supprimee").statusCode()).isEqualTo(404);
		assertThat(changes("delete-client")).anySatisfy((data) -> assertThat(data)
			.containsEntry("target", "appli-supprimee")
			.containsEntry("after.name", "none")
			// The sign-in's authorization; its client_credentials token is not stored but revoked as a whole.
			.containsEntry("revoked_authorizations", "1"));

		// Registered again under the same id, it does not inherit the old tokens.
		register("appli-supprimee", "{\"client_id\": \"appli-supprimee\", \"name\": \"Revenue\", \"grant_types\":"
				+ " [\"client_credentials\"]}");
		assertThat(portal.introspect(machineToken).body().get("active").asBoolean()).isFalse();
	}

	private String syndicate() {
		return ADMINS.of("jloneil@rivebelle.fr");
	}

	private String register(String clientId, String json) {
		HttpResponse<String> registered = this.api.post(syndicate(), CLIENTS, json);
		assertThat(registered.statusCode()).as(clientId + ": " + registered.body()).isEqualTo(201);
		return AdminApiClient.json(registered).get("client_secret").asString();
	}

	private static String redirect(String uri) {
		return "{\"client_id\": \"mauvaise\", \"name\": \"Mauvaise\", \"grant_types\": [\"authorization_code\"], "
				+ "\"redirect_uris\": [" + AdminApiClient.quote(uri) + "]}";
	}

	private static String body(String fields) {
		return "{\"client_id\": \"mauvaise\", \"name\": \"Mauvaise\", " + fields + "}";
	}

	private List<Map<String, Object>> changes(String action) {
		return this.auditEvents.find(null, null, "ADMIN_CHANGED")
			.stream()
			.map(AuditEvent::getData)
			.filter((data) -> action.equals(data.get("action")))
			.toList();
	}

	private void assertNoSecretIn(String secret) {
		for (String type : List.of("ADMIN_CHANGED", "ADMIN_DENIED", "TOKEN_ISSUED")) {
			assertThat(this.auditEvents.find(null, null, type)).extracting(AuditEvent::getData)
				.allSatisfy((data) -> assertThat(data.toString()).doesNotContain(secret));
		}
	}

}
