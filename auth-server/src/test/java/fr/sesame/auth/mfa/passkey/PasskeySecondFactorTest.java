package fr.sesame.auth.mfa.passkey;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.web.util.HtmlUtils;

import fr.sesame.auth.mfa.passkey.AgentBrowser.JsonAnswer;
import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SignedTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys as a second factor, over HTTP against the demo server, with a software authenticator doing what a browser
 * and its authenticator do: registration, then the ceremony that adds the WebAuthn factor to a password sign-in; and
 * everything that must not work: another agent's passkey, a passwordless sign-in, registering without a password or
 * without the second factor already enrolled, changing another agent's passkeys.
 */
class PasskeySecondFactorTest extends DemoServerTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private AuditEventRepository auditEvents;

	@Autowired
	private Passkeys passkeys;

	/** An agent's browser after registering one passkey, still with its password only. */
	record Enrolled(AgentBrowser browser, SoftwareAuthenticator key, String sub) {
	}

	static Enrolled register(String login, String label) {
		AgentBrowser browser = AgentBrowser.signedIn(ISSUER, login);
		SoftwareAuthenticator key = new SoftwareAuthenticator(ISSUER);
		JsonAnswer options = browser.postJson("/webauthn/register/options", null);
		assertThat(options.status()).as(options.body().toString()).isEqualTo(200);
		JsonAnswer registered = browser.postJson("/webauthn/register", key.register(options.body(), label));
		assertThat(registered.status()).as(registered.body().toString()).isEqualTo(200);
		assertThat(registered.body().path("success").asBoolean()).isTrue();
		return new Enrolled(browser, key, options.body().path("user").path("name").asString());
	}

	static JsonAnswer verify(AgentBrowser browser, SoftwareAuthenticator key) {
		JsonAnswer options = browser.postJson("/webauthn/authenticate/options", null);
		assertThat(options.status()).as(options.body().toString()).isEqualTo(200);
		return browser.postJson("/login/webauthn", key.authenticate(options.body()));
	}

	@Test
	void registeredPasskeyCompletesThePasswordSignInAndTokensSayBoth() throws Exception {
		AgentBrowser browser = AgentBrowser.signedIn(ISSUER, "jdupont@rivebelle.fr");
		HttpResponse<String> page = browser.get("/mfa/passkeys");
		assertThat(page.statusCode()).as("an agent without factors may enrol its first one").isEqualTo(200);
		assertThat(text(page)).contains("data-passkey=\"register\"").contains("Vos clés d'accès");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying((csp) -> assertThat(csp)
			.contains("script-src 'self'", "connect-src 'self'", "default-src 'none'")
			.doesNotContain("unsafe"));

		JsonAnswer options = browser.postJson("/webauthn/register/options", null);
		assertThat(options.status()).isEqualTo(200);
		JsonNode creation = options.body();
		assertThat(creation.path("rp").path("id").asString()).isEqualTo("localhost");
		assertThat(creation.path("rp").path("name").asString()).isEqualTo("Sésame");
		assertThat(creation.path("attestation").asString()).isEqualTo("none");
		assertThat(creation.path("authenticatorSelection").path("userVerification").asString()).isEqualTo("preferred");
		assertThat(creation.path("user").path("displayName").asString()).startsWith("Jean Dupont (");
		String sub = creation.path("user").path("name").asString();
		assertThat(sub).matches("[0-9a-f]{32}");

		SoftwareAuthenticator key = new SoftwareAuthenticator(ISSUER);
		JsonAnswer registered = browser.postJson("/webauthn/register", key.register(creation, "Clé de test"));
		assertThat(registered.status()).as(registered.body().toString()).isEqualTo(200);
		assertThat(this.passkeys.list(sub)).extracting(PasskeyView::label).containsExactly("Clé de test");
		assertThat(events(sub, "MFA_ENROLLED")).anySatisfy((event) -> assertThat(event.getData())
			.containsEntry("factor", "passkey")
			.containsEntry("credential", key.credentialId()));

		// Now that the agent has a factor, its page waits for it: back there once the passkey is verified.
		HttpResponse<String> guarded = browser.get("/mfa/passkeys");
		assertThat(Browser.location(guarded)).isEqualTo(ISSUER + "/mfa");
		HttpResponse<String> challenge = browser.get("/mfa");
		assertThat(challenge.body()).contains("data-passkey=\"sign-in\"")
			.contains("data-ceremony-url=\"/login/webauthn\"")
			.contains("data-csrf-token=\"")
			.contains("<script src=\"/js/passkeys.js\" defer></script>");
		assertThat(challenge.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("script-src 'self'"));

		JsonAnswer request = browser.postJson("/webauthn/authenticate/options", null);
		assertThat(request.status()).isEqualTo(200);
		assertThat(request.body().path("rpId").asString()).isEqualTo("localhost");
		assertThat(request.body().path("allowCredentials").findValuesAsString("id")).containsExactly(key.credentialId());

		String sessionBefore = browser.sessionId();
		JsonAnswer verified = browser.postJson("/login/webauthn", key.authenticate(request.body()));
		assertThat(verified.status()).as(verified.body().toString()).isEqualTo(200);
		assertThat(verified.body().path("authenticated").asBoolean()).isTrue();
		assertThat(verified.body().path("redirectUrl").asString()).startsWith(ISSUER + "/mfa/passkeys");
		assertThat(browser.sessionId()).as("a new session id for the elevated session").isNotEqualTo(sessionBefore);
		assertThat(events(sub, "MFA_VERIFIED")).anySatisfy(
				(event) -> assertThat(event.getData()).containsEntry("factor", "passkey"));
		assertThat(browser.get("/mfa/passkeys").body()).contains("Clé de test");
		assertThat(this.passkeys.list(sub).get(0).lastUsed()).isAfter(this.passkeys.list(sub).get(0).created());

		OidcClient client = OidcClient.demoPortal(ISSUER);
		OidcClient.Request authorization = client.authorizationRequest("openid profile");
		HttpResponse<String> callback = browser.followWithin(browser.get(authorization.url()));
		String code = client.code(Browser.location(callback), authorization);
		HttpResponse<JsonNode> tokens = client.exchange(code, authorization.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		JWTClaimsSet idToken = SignedTokens.verify(ISSUER, tokens.body().path("id_token").asString());
		assertThat(idToken.getSubject()).isEqualTo(sub);
		assertThat(idToken.getStringListClaim("amr")).contains("pwd", "hwk", "mfa");
		assertThat(idToken.getStringClaim("acr")).isEqualTo("urn:sesame:loa:mfa");
	}

	@Test
	void theScriptIsServedToEveryoneAndOnlyTheFactorPagesMayRunIt() {
		AgentBrowser stranger = new AgentBrowser(ISSUER);
		HttpResponse<String> script = stranger.get("/js/passkeys.js");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).contains("javascript"));
		assertThat(stranger.get("/login").headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).doesNotContain("script-src").contains("default-src 'none'"));
	}

	@Test
	void aCounterThatGoesBackIsRefused() {
		Enrolled agent = register("fjacquet@rivebelle.fr", "Clé copiée");
		assertThat(verify(agent.browser(), agent.key()).status()).isEqualTo(200);
		assertThat(verify(agent.browser(), agent.key()).status()).isEqualTo(200);
		// A copy of the authenticator taken after the first use: its counter is behind the real one's.
		agent.key().rewind(0);
		JsonAnswer cloned = verify(agent.browser(), agent.key());
		assertThat(cloned.status()).isEqualTo(401);
		assertThat(events(agent.sub(), "MFA_FAILED")).anySatisfy(
				(event) -> assertThat(event.getData()).containsEntry("reason", "replayed"));
	}

	@Test
	void anotherAgentsPasskeyNeverCompletesThisSession() {
		Enrolled owner = register("zdarc@rivebelle.fr", "Clé de Z. Darc");
		Instant ownerLastUse = this.passkeys.list(owner.sub()).get(0).lastUsed();
		// Same login, another commune: another agent, with a passkey of its own.
		Enrolled other = register("jdupont@montclair.fr", "Clé de J. Dupont (Montclair)");

		// The owner's key answers the other agent's challenge: allowCredentials would not offer it, a tampered
		// client still could.
		JsonAnswer options = other.browser().postJson("/webauthn/authenticate/options", null);
		assertThat(options.body().path("allowCredentials").findValuesAsString("id"))
			.containsExactly(other.key().credentialId());
		String sessionBefore = other.browser().sessionId();
		JsonAnswer refused = other.browser().postJson("/login/webauthn", owner.key().authenticate(options.body()));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.body().path("authenticated").asBoolean(true)).isFalse();
		assertThat(events(other.sub(), "MFA_FAILED")).anySatisfy((event) -> assertThat(event.getData())
			.containsEntry("factor", "passkey")
			.containsEntry("reason", "foreign-credential"));

		// The session is the other agent's as it was: signed in, same id, still without a second factor.
		assertThat(other.browser().sessionId()).isEqualTo(sessionBefore);
		assertThat(other.browser().get("/").statusCode()).isEqualTo(200);
		assertThat(Browser.location(other.browser().get("/mfa/passkeys"))).isEqualTo(ISSUER + "/mfa");
		assertThat(this.passkeys.list(owner.sub()).get(0).lastUsed()).as("the owner's passkey untouched")
			.isEqualTo(ownerLastUse);

		// An agent without any passkey gets no challenge at all, and no options means no assertion is read.
		AgentBrowser none = AgentBrowser.signedIn(ISSUER, "nlemaitre@montclair.fr");
		JsonAnswer noOptions = none.postJson("/webauthn/authenticate/options", null);
		assertThat(noOptions.status()).isEqualTo(400);
		assertThat(noOptions.body().path("error").asString()).isEqualTo("no_passkey");
		JsonAnswer blind = none.postJson("/login/webauthn", owner.key().authenticate(options.body()));
		assertThat(blind.status()).isEqualTo(401);
		assertThat(none.get("/mfa/passkeys").statusCode()).as("still no factor: its page needs no second factor")
			.isEqualTo(200);
	}

	@Test
	void passwordlessSignInIsRefused() {
		Enrolled agent = register("mcdaragon@montclair.fr", "Clé de M. Cdaragon");
		JsonAnswer realOptions = agent.browser().postJson("/webauthn/authenticate/options", null);

		AgentBrowser stranger = new AgentBrowser(ISSUER);
		JsonAnswer options = stranger.postJson("/webauthn/authenticate/options", null);
		assertThat(options.status()).isEqualTo(401);
		assertThat(options.body().path("error").asString()).isEqualTo("password_required");
		JsonAnswer refused = stranger.postJson("/login/webauthn", agent.key().authenticate(realOptions.body()));
		assertThat(refused.status()).isEqualTo(401);
		assertThat(Browser.location(stranger.get("/"))).isEqualTo(ISSUER + "/login");
		assertThat(events("anonymous", "MFA_FAILED")).anySatisfy(
				(event) -> assertThat(event.getData()).containsEntry("reason", "no-password-session"));

		// The agent's own session was not affected by the stranger's attempt.
		assertThat(verify(agent.browser(), agent.key()).status()).isEqualTo(200);
	}

	@Test
	void registrationNeedsAPasswordSignInAndTheExistingFactorOnceThereIsOne() {
		AgentBrowser stranger = new AgentBrowser(ISSUER);
		assertThat(stranger.postJson("/webauthn/register/options", null).status()).isEqualTo(401);
		assertThat(stranger.postJson("/webauthn/register", JSON.createObjectNode()).status()).isEqualTo(401);
		assertThat(Browser.location(stranger.get("/mfa/passkeys"))).isEqualTo(ISSUER + "/login");

		Enrolled agent = register("lrousseau@montclair.fr", "Première clé");
		// A second sign-in with the password alone (a stolen password) cannot add a passkey.
		AgentBrowser thief = AgentBrowser.signedIn(ISSUER, "lrousseau@montclair.fr");
		JsonAnswer refused = thief.postJson("/webauthn/register/options", null);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body().path("error").asString()).isEqualTo("second_factor_required");
		assertThat(thief.postJson("/webauthn/register", new SoftwareAuthenticator(ISSUER)
			.register(fakeCreationOptions(agent.sub()), "Clé du voleur")).status()).isEqualTo(403);
		// Nor remove one through Spring's own endpoint, which skips the page's checks and audit.
		assertThat(thief.postJson("/webauthn/register/" + agent.key().credentialId(), null, "DELETE").status())
			.isEqualTo(403);
		assertThat(this.passkeys.list(agent.sub())).hasSize(1);

		// Once the passkey verified in the session, a second one may be added.
		assertThat(verify(agent.browser(), agent.key()).status()).isEqualTo(200);
		JsonAnswer options = agent.browser().postJson("/webauthn/register/options", null);
		assertThat(options.status()).isEqualTo(200);
		assertThat(options.body().path("excludeCredentials").findValuesAsString("id"))
			.containsExactly(agent.key().credentialId());
		assertThat(agent.browser()
			.postJson("/webauthn/register", new SoftwareAuthenticator(ISSUER).register(options.body(), "Seconde clé"))
			.status()).isEqualTo(200);
		assertThat(this.passkeys.list(agent.sub())).extracting(PasskeyView::label)
			.containsExactly("Première clé", "Seconde clé");

		// A ceremony that does not verify (an origin that is not Sésame's) is refused, not an error page.
		JsonAnswer again = agent.browser().postJson("/webauthn/register/options", null);
		ObjectNode phished = new SoftwareAuthenticator("https://sesame.example.evil").register(again.body(), "Hameçon");
		JsonAnswer badOrigin = agent.browser().postJson("/webauthn/register", phished);
		assertThat(badOrigin.status()).isEqualTo(400);
		assertThat(badOrigin.body().path("error").asString()).isEqualTo("registration_refused");
		assertThat(this.passkeys.list(agent.sub())).hasSize(2);
	}

	@Test
	void renameAndRemoveThroughThePageAndNeverAnotherAgentsPasskey() {
		Enrolled agent = register("hlefevre@rivebelle.fr", "Clé USB");
		assertThat(verify(agent.browser(), agent.key()).status()).isEqualTo(200);
		String id = agent.key().credentialId();

		HttpResponse<String> page = agent.browser().get("/mfa/passkeys");
		assertThat(page.statusCode()).isEqualTo(200);
		HttpResponse<String> blank = agent.browser()
			.submit(page, "/mfa/passkeys/" + id + "/rename", Map.of("label", "   "));
		assertThat(blank.statusCode()).isEqualTo(400);
		assertThat(blank.body()).contains("id=\"error-summary\"").contains("aria-invalid=\"true\"");
		HttpResponse<String> renamed = agent.browser()
			.submit(page, "/mfa/passkeys/" + id + "/rename", Map.of("label", "Ordinateur de la mairie"));
		assertThat(Browser.location(renamed)).isEqualTo(ISSUER + "/mfa/passkeys");
		HttpResponse<String> afterRename = agent.browser().get("/mfa/passkeys");
		assertThat(text(afterRename)).contains("Ordinateur de la mairie").contains("La clé d'accès est renommée.");
		assertThat(events(agent.sub(), "MFA_CHANGED")).anySatisfy((event) -> assertThat(event.getData())
			.containsEntry("factor", "passkey")
			.containsEntry("action", "rename"));

		// Another agent (with no factor, so allowed on its own page) cannot see, rename or remove it.
		AgentBrowser other = AgentBrowser.signedIn(ISSUER, "jloneil@rivebelle.fr");
		HttpResponse<String> otherPage = other.get("/mfa/passkeys");
		assertThat(otherPage.statusCode()).isEqualTo(200);
		assertThat(otherPage.body()).doesNotContain("Ordinateur de la mairie");
		assertThat(other.get("/mfa/passkeys/" + id + "/remove").statusCode()).isEqualTo(404);
		// Its page has no form of its own (no passkey): the landing page's token is the session's as well.
		HttpResponse<String> home = other.get("/");
		assertThat(other.submit(home, "/mfa/passkeys/" + id + "/remove", Map.of()).statusCode()).isEqualTo(404);
		assertThat(other.submit(home, "/mfa/passkeys/" + id + "/rename", Map.of("label", "À moi"))
			.statusCode()).isEqualTo(404);
		assertThat(this.passkeys.list(agent.sub())).extracting(PasskeyView::label).containsExactly("Ordinateur de la mairie");

		HttpResponse<String> confirm = agent.browser().get("/mfa/passkeys/" + id + "/remove");
		assertThat(confirm.statusCode()).isEqualTo(200);
		assertThat(text(confirm)).contains("Supprimer la clé d'accès « Ordinateur de la mairie » ?")
			.contains("seul second facteur");
		HttpResponse<String> removed = agent.browser().submit(confirm, "/mfa/passkeys/" + id + "/remove", Map.of());
		assertThat(Browser.location(removed)).isEqualTo(ISSUER + "/mfa/passkeys");
		assertThat(text(agent.browser().get("/mfa/passkeys"))).contains("La clé d'accès est supprimée.")
			.contains("Vous n'avez encore enregistré aucune clé d'accès.");
		assertThat(this.passkeys.hasPasskey(agent.sub())).isFalse();
		assertThat(events(agent.sub(), "MFA_CHANGED")).anySatisfy(
				(event) -> assertThat(event.getData()).containsEntry("action", "remove"));
	}

	@Test
	void pagesSpeakEnglishWhenTheBrowserAsks() {
		AgentBrowser browser = new AgentBrowser(ISSUER, "en-GB,en;q=0.9");
		browser.signIn("scordier@rivebelle.fr");
		HttpResponse<String> page = browser.get("/mfa/passkeys");
		assertThat(page.body()).contains("lang=\"en\"").contains("Your passkeys").contains("Register a new passkey")
			.contains("<noscript>");
	}

	// Thymeleaf writes apostrophes as &#39;.
	private static String text(HttpResponse<String> page) {
		return HtmlUtils.htmlUnescape(page.body());
	}

	private List<AuditEvent> events(String principal, String type) {
		return this.auditEvents.find(principal, null, type);
	}

	private static JsonNode fakeCreationOptions(String sub) {
		ObjectNode options = JSON.createObjectNode();
		options.putObject("rp").put("id", "localhost");
		options.put("challenge", SoftwareAuthenticator.base64(new byte[32]));
		options.putObject("user").put("id", SoftwareAuthenticator.base64(new byte[32])).put("name", sub);
		return options;
	}

}
