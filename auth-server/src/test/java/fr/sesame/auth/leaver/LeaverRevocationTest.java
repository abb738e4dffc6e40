package fr.sesame.auth.leaver;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SignedTokens;
import fr.sesame.directory.embedded.EmbeddedDirectories;
import fr.sesame.directory.sync.DirectorySync;
import fr.sesame.directory.sync.SyncState;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A commune's directory changes and auth-server follows within seconds, through the demo's in-process
 * synchronisation (default interval, 2 s) and its events: a disabled or deleted agent's refresh token is refused,
 * introspection says inactive, the login session is gone and the relying party (WireMock, as the gateway) receives
 * a back-channel logout; an agent added to a mapped group gets the role in the next token; an agent removed from
 * one loses the tokens that carried it but keeps single sign-on.
 */
class LeaverRevocationTest extends DemoServerTest {

	static final Duration WITHIN = Duration.ofSeconds(5);

	/** Started for each test class (the Redis variant runs after this one stopped it); its port is read lazily. */
	static WireMockServer relyingParty;

	/** The gateway's client of the demo, its back-channel logout pointed at WireMock. */
	@DynamicPropertySource
	static void gatewayBackChannelToWireMock(DynamicPropertyRegistry registry) {
		registry.add("sesame.clients.sesame-gateway.backchannel-logout-uri",
				() -> "http://localhost:" + relyingParty.port() + "/logout/connect/back-channel/sesame");
	}

	@AfterAll
	static void stopRelyingParty() {
		relyingParty.stop();
		relyingParty = null;
	}

	@Autowired
	DirectorySync sync;

	@Autowired
	EmbeddedDirectories directories;

	private final OidcClient gateway = new OidcClient(ISSUER, "sesame-gateway",
			"sesame-gateway-secret-change-me-0123456789abcdef", "http://localhost:8080/login/oauth2/code/sesame");

	@BeforeAll
	static void acceptLogoutTokens() {
		relyingParty = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		relyingParty.start();
		relyingParty.stubFor(post(urlEqualTo("/logout/connect/back-channel/sesame"))
			.willReturn(aResponse().withStatus(200)));
	}

	@BeforeEach
	void bothCommunesSynchronised() {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.sync.communes().values().stream().allMatch((c) -> c.status().state() == SyncState.UP));
	}

	@Test
	void disabledAgentLosesTokensSessionsAndRelyingPartiesWithinSeconds() throws Exception {
		Browser browser = new Browser();
		JsonNode tokens = signIn(browser, "hlefevre@rivebelle.fr");
		String subject = subjectOf(tokens);

		long start = System.nanoTime();
		modify("rivebelle", "uid=hlefevre,ou=people,dc=rivebelle,dc=fr",
				new Modification(ModificationType.REPLACE, "employeeType", "inactive"));

		awaitEverythingGone(browser, tokens, subject);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertRevoked(tokens);
		assertThat(took).isLessThan(WITHIN);
	}

	@Test
	void deletedAgentIsTreatedAsALeaver() throws Exception {
		Browser browser = new Browser();
		JsonNode tokens = signIn(browser, "nlemaitre@montclair.fr");
		String subject = subjectOf(tokens);

		long start = System.nanoTime();
		try (LDAPConnection admin = admin("montclair")) {
			admin.delete(dnOf(admin, "(sAMAccountName=nlemaitre)"));
		}

		awaitEverythingGone(browser, tokens, subject);
		assertRevoked(tokens);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITHIN);
	}

	@Test
	void agentAddedToAMappedGroupGetsTheRoleInTheNextToken() throws Exception {
		JsonNode tokens = signIn(new Browser(), "mcdaragon@montclair.fr");
		assertThat(roles(tokens)).containsExactly("agent");

		long start = System.nanoTime();
		try (LDAPConnection admin = admin("montclair")) {
			admin.modify("CN=etat-civil,OU=Groupes,DC=montclair,DC=fr", new Modification(ModificationType.ADD,
					"member", dnOf(admin, "(sAMAccountName=mcdaragon)")));
		}

		String[] refresh = { tokens.path("refresh_token").asString() };
		JsonNode[] latest = { tokens };
		await().atMost(WITHIN).pollInterval(Duration.ofMillis(200)).until(() -> {
			HttpResponse<JsonNode> refreshed = this.gateway.refresh(refresh[0]);
			assertThat(refreshed.statusCode()).isEqualTo(200);
			refresh[0] = refreshed.body().path("refresh_token").asString();
			latest[0] = refreshed.body();
			return roles(refreshed.body()).contains("officier-etat-civil");
		});
		assertThat(roles(latest[0])).containsExactly("agent", "officier-etat-civil");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WITHIN);
	}

	@Test
	void agentRemovedFromARoleGroupLosesItsTokensButKeepsSingleSignOn() throws Exception {
		Browser browser = new Browser();
		JsonNode tokens = signIn(browser, "jdupont@rivebelle.fr");
		assertThat(roles(tokens)).containsExactly("agent", "officier-etat-civil");

		modify("rivebelle", "cn=etat-civil,ou=groups,dc=rivebelle,dc=fr",
				new Modification(ModificationType.DELETE, "member", "uid=jdupont,ou=people,dc=rivebelle,dc=fr"));

		await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
			.until(() -> !active(tokens.path("refresh_token").asString()));
		assertThat(this.gateway.refresh(tokens.path("refresh_token").asString()).statusCode()).isEqualTo(400);
		// Single sign-on: no password asked, and the new tokens carry what remains.
		OidcClient.Request request = this.gateway.authorizationRequest("openid profile");
		String code = this.gateway.code(this.gateway.signIn(browser, request, "unused", "unused", null), request);
		HttpResponse<JsonNode> again = this.gateway.exchange(code, request.verifier());
		assertThat(again.statusCode()).isEqualTo(200);
		assertThat(roles(again.body())).containsExactly("agent");
	}

	private JsonNode signIn(Browser browser, String login) {
		OidcClient.Request request = this.gateway.authorizationRequest("openid profile email");
		String code = this.gateway.code(this.gateway.signIn(browser, request, login, OidcClient.DEMO_PASSWORD, null),
				request);
		HttpResponse<JsonNode> tokens = this.gateway.exchange(code, request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		// Refresh works before the change; it rotates the refresh token, so the refreshed tokens are the ones to keep.
		HttpResponse<JsonNode> refreshed = this.gateway.refresh(tokens.body().path("refresh_token").asString());
		assertThat(refreshed.statusCode()).as("refresh works before").isEqualTo(200);
		ObjectNode kept = (ObjectNode) refreshed.body().deepCopy();
		kept.put("id_token", tokens.body().path("id_token").asString());
		return kept;
	}

	/** Refresh token and login session gone, logout token received: all three, within {@link #WITHIN}. */
	private void awaitEverythingGone(Browser browser, JsonNode tokens, String subject) {
		await().atMost(WITHIN).pollInterval(Duration.ofMillis(100)).until(() -> {
			return !active(tokens.path("refresh_token").asString()) && !signedIn(browser)
					&& logoutTokenReceivedFor(subject);
		});
	}

	private void assertRevoked(JsonNode tokens) {
		HttpResponse<JsonNode> refresh = this.gateway.refresh(tokens.path("refresh_token").asString());
		assertThat(refresh.statusCode()).isEqualTo(400);
		assertThat(refresh.body().path("error").asString()).isEqualTo("invalid_grant");
		assertThat(active(tokens.path("access_token").asString())).isFalse();
	}

	private boolean active(String token) {
		return this.gateway.introspect(token).body().path("active").asBoolean();
	}

	private static boolean signedIn(Browser browser) {
		HttpResponse<String> home = browser.get(ISSUER + "/");
		return !(Browser.isRedirect(home) && Browser.location(home).endsWith("/login"));
	}

	private static boolean logoutTokenReceivedFor(String subject) throws Exception {
		List<LoggedRequest> requests = relyingParty
			.findAll(postRequestedFor(urlEqualTo("/logout/connect/back-channel/sesame")));
		for (LoggedRequest request : requests) {
			String token = Browser.queryOf("http://x/?" + request.getBodyAsString()).get("logout_token");
			JWTClaimsSet claims = SignedTokens.verifyLogoutToken(ISSUER, token);
			if (subject.equals(claims.getSubject())) {
				return true;
			}
		}
		return false;
	}

	private static String subjectOf(JsonNode tokens) throws Exception {
		return SignedJWT.parse(tokens.path("id_token").asString()).getJWTClaimsSet().getSubject();
	}

	private static List<String> roles(JsonNode tokens) throws Exception {
		return SignedJWT.parse(tokens.path("access_token").asString()).getJWTClaimsSet().getStringListClaim("roles");
	}

	private void modify(String commune, String dn, Modification modification) throws Exception {
		try (LDAPConnection admin = admin(commune)) {
			admin.modify(dn, modification);
		}
	}

	/** The demo directory over LDAP, as its administrator changes it (the in-memory server needs no bind). */
	private LDAPConnection admin(String commune) throws Exception {
		LDAPURL url = new LDAPURL(this.directories.directory(commune).orElseThrow().url());
		return new LDAPConnection(url.getHost(), url.getPort());
	}

	private static String dnOf(LDAPConnection admin, String filter) throws Exception {
		SearchResultEntry entry = admin.searchForEntry("OU=Agents,DC=montclair,DC=fr", SearchScope.SUB, filter);
		return entry.getDN();
	}

}
