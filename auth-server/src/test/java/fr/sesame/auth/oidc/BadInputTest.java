package fr.sesame.auth.oidc;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bad input the OIDC provider must survive: each gets the standard error or a clear page, leaves a log line,
 * and changes nothing (no session signed in, no token issued, earlier tokens untouched unless the standard says to
 * revoke them).
 */
@ExtendWith(OutputCaptureExtension.class)
class BadInputTest extends DemoServerTest {

	private static final String SPA_CALLBACK = "http://127.0.0.1:9999/callback";

	private final OidcClient client = OidcClient.demoPortal(ISSUER);

	@Test
	void unknownCommuneIsExplainedAndSignsNobodyIn(CapturedOutput output) {
		Browser browser = new Browser();
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, browser, "jdupont@nowhere.example", OidcClient.DEMO_PASSWORD, "");
		assertThat(page.body()).contains("Commune inconnue");
		assertThat(output).contains("Sign-in refused").contains("unknown_commune");
		LoginForm.assertNotSignedIn(ISSUER, browser);
	}

	@Test
	void unknownPickedCommuneIsExplained() {
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "jdupont", OidcClient.DEMO_PASSWORD, "atlantis");
		assertThat(page.body()).contains("Commune inconnue");
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", "*)(uid=*", "\\", "jd\u0000upont", "\u0000jdupont\u0000x", "(|(objectClass=*))", "*)(|(uid=*",
			"jdupont)(objectClass=*" })
	void ldapFilterMetacharactersMatchNobody(String login) {
		Browser browser = new Browser();
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, browser, login, OidcClient.DEMO_PASSWORD, "rivebelle");
		assertThat(page.statusCode()).isEqualTo(401);
		assertThat(page.body()).containsAnyOf("Identifiant ou mot de passe incorrect.", "Saisissez votre identifiant");
		LoginForm.assertNotSignedIn(ISSUER, browser);
	}

	@Test
	void emptyPasswordIsRefusedBeforeAnyBind(CapturedOutput output) {
		Browser browser = new Browser();
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, browser, "jdupont@rivebelle.fr", "", "");
		assertThat(page.statusCode()).isEqualTo(401);
		assertThat(page.body()).contains("Saisissez votre identifiant");
		assertThat(output).contains("invalid_input");
		LoginForm.assertNotSignedIn(ISSUER, browser);
	}

	@Test
	void tenThousandCharacterLoginIsRefusedCleanly() {
		Browser browser = new Browser();
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, browser, "a".repeat(10_000), OidcClient.DEMO_PASSWORD, "rivebelle");
		assertThat(page.statusCode()).isEqualTo(401);
		assertThat(page.body()).contains("256 caractères au plus").doesNotContain("a".repeat(300));
		LoginForm.assertNotSignedIn(ISSUER, browser);
	}

	@Test
	void unregisteredRedirectUriGetsAnErrorPageAndNoRedirect(CapturedOutput output) {
		OidcClient attacker = new OidcClient(ISSUER, "demo-portal", null, "https://evil.example/callback");
		HttpResponse<String> response = new Browser().get(attacker.authorizationRequest("openid").url());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).contains("pas enregistrée pour elle").contains("invalid_request");
		assertThat(output).contains("Authorization request refused, no redirect");
	}

	@Test
	void redirectUriThatOnlyStartsLikeARegisteredOneIsRefused() {
		OidcClient attacker = new OidcClient(ISSUER, "demo-portal", null, "http://127.0.0.1:9999/callback/../evil");
		HttpResponse<String> response = new Browser().get(attacker.authorizationRequest("openid").url());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	// Spring's validator alone lets a loopback redirect URI take any port (RFC 8252's leeway for native applications).
	@Test
	void loopbackRedirectUriOnAnotherPortIsRefused() {
		for (String client : List.of("demo-portal", "demo-spa")) {
			for (String redirectUri : List.of("http://127.0.0.1:9998/callback", "http://127.0.0.1/callback")) {
				OidcClient elsewhere = new OidcClient(ISSUER, client, null, redirectUri);
				for (Map<String, String> extra : List.of(Map.<String, String>of(), Map.of("prompt", "none"))) {
					HttpResponse<String> response = new Browser()
						.get(elsewhere.authorizationRequest("openid", extra).url());
					assertThat(response.statusCode()).as(client + " " + redirectUri + " " + extra).isEqualTo(400);
					assertThat(response.headers().firstValue("Location")).isEmpty();
					assertThat(response.body()).contains("invalid_request");
				}
			}
		}
		OidcClient registered = new OidcClient(ISSUER, "demo-portal", null, "http://127.0.0.1:9999/callback");
		HttpResponse<String> toLogin = new Browser().get(registered.authorizationRequest("openid").url());
		assertThat(Browser.isRedirect(toLogin)).isTrue();
		assertThat(Browser.location(toLogin)).isEqualTo(ISSUER + "/login");
	}

	@Test
	void unknownClientGetsAnErrorPage() {
		OidcClient unknown = new OidcClient(ISSUER, "no-such-client", null, "http://127.0.0.1:9999/callback");
		HttpResponse<String> response = new Browser().get(unknown.authorizationRequest("openid").url());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
		assertThat(response.body()).contains("pas connue de Sésame");
	}

	@Test
	void publicClientWithoutPkceGetsTheStandardError() {
		String url = ISSUER + "/oauth2/authorize?" + Browser.encode(Map.of("response_type", "code", "client_id",
				"demo-spa", "redirect_uri", "http://127.0.0.1:9999/callback", "scope", "openid", "state", "s1"));
		HttpResponse<String> response = new Browser().get(url);
		assertThat(Browser.isRedirect(response)).isTrue();
		Map<String, String> callback = Browser.queryOf(Browser.location(response));
		assertThat(callback).containsEntry("error", "invalid_request").containsEntry("state", "s1");
		assertThat(callback.get("error_description")).contains("code_challenge");
	}

	@Test
	void unsupportedResponseTypeGoesBackToTheClientInTheFragmentItsTypeUses(CapturedOutput output) {
		HttpResponse<String> response = new Browser().get(spaRequest(Map.of("response_type", "token")));
		assertThat(Browser.isRedirect(response)).isTrue();
		String location = Browser.location(response);
		assertThat(location).startsWith(SPA_CALLBACK + "#").doesNotContain("?");
		assertThat(Browser.fragmentOf(location)).containsEntry("error", "unsupported_response_type")
			.containsEntry("state", "s1")
			.containsEntry("iss", ISSUER)
			.doesNotContainKeys("code", "access_token");
		assertThat(output).contains("error=unsupported_response_type");
	}

	@Test
	void missingResponseTypeGoesBackToTheClientInTheQuery() {
		HttpResponse<String> response = new Browser().get(spaRequest(Map.of()));
		assertThat(Browser.isRedirect(response)).isTrue();
		Map<String, String> callback = Browser.queryOf(Browser.location(response));
		assertThat(callback).containsEntry("error", "invalid_request").containsEntry("state", "s1");
		assertThat(callback.get("error_description")).contains("response_type");
	}

	@Test
	void anErrorGoesInTheFragmentWhenTheRequestAsksForIt() {
		HttpResponse<String> response = new Browser()
			.get(spaRequest(Map.of("response_type", "code", "response_mode", "fragment")));
		assertThat(Browser.isRedirect(response)).isTrue();
		String location = Browser.location(response);
		assertThat(location).startsWith(SPA_CALLBACK + "#");
		assertThat(Browser.fragmentOf(location)).containsEntry("error", "invalid_request").containsEntry("state", "s1");
	}

	@Test
	void unsupportedResponseTypeIsNeverSentToAnUnverifiedAddress() {
		for (Map<String, String> unverified : List.of(Map.of("redirect_uri", "https://attacker.example/callback"),
				Map.of("client_id", "no-such-client"))) {
			Map<String, String> parameters = new LinkedHashMap<>(unverified);
			parameters.put("response_type", "token");
			HttpResponse<String> response = new Browser().get(spaRequest(parameters));
			assertThat(response.statusCode()).as("%s", unverified).isEqualTo(400);
			assertThat(response.headers().firstValue("Location")).isEmpty();
		}
		String twoClients = spaRequest(Map.of("response_type", "token")) + "&client_id=demo-portal";
		HttpResponse<String> response = new Browser().get(twoClients);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void requestWithoutAnyScopeTheClientMayHaveGetsTheStandardError(CapturedOutput output) {
		Browser browser = new Browser();
		OidcClient.Request request = this.client.authorizationRequest("made.up offline_access");
		HttpResponse<String> response = browser.followWithin(ISSUER, browser.get(request.url()));
		assertThat(Browser.isRedirect(response)).isTrue();
		Map<String, String> callback = Browser.queryOf(Browser.location(response));
		assertThat(callback).containsEntry("error", "invalid_scope").containsEntry("state", request.state())
			.doesNotContainKey("code");
		assertThat(output).contains("invalid_scope");
		LoginForm.assertNotSignedIn(ISSUER, browser);
	}

	@Test
	void promptNoneWithAnUnregisteredRedirectUriStillGetsTheErrorPage() {
		OidcClient elsewhere = new OidcClient(ISSUER, "demo-portal", null, "https://attacker.example/callback");
		HttpResponse<String> response = new Browser()
			.get(elsewhere.authorizationRequest("openid", Map.of("prompt", "none")).url());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void reusedAuthorizationCodeIsRefusedAndItsTokensRevoked(CapturedOutput output) {
		Browser browser = new Browser();
		OidcClient.Request request = this.client.authorizationRequest("openid profile");
		String code = this.client.code(this.client.signIn(browser, request, "jdupont@rivebelle.fr",
				OidcClient.DEMO_PASSWORD, null), request);
		HttpResponse<JsonNode> first = this.client.exchange(code, request.verifier());
		assertThat(first.statusCode()).isEqualTo(200);

		HttpResponse<JsonNode> second = this.client.exchange(code, request.verifier());
		assertThat(second.statusCode()).isEqualTo(400);
		assertThat(second.body().path("error").asString()).isEqualTo("invalid_grant");
		assertThat(output).contains("OAuth2 request refused").contains("invalid_grant");

		String access = first.body().path("access_token").asString();
		String refresh = first.body().path("refresh_token").asString();
		assertThat(this.client.introspect(access).body().path("active").asBoolean()).isFalse();
		assertThat(this.client.refresh(refresh).statusCode()).isEqualTo(400);
	}

	@Test
	void wrongClientSecretIsRefusedWithInvalidClient() {
		HttpResponse<JsonNode> response = this.client.withSecret("wrong-secret-wrong-secret-wrong-secret")
			.clientCredentials();
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body().path("error").asString()).isEqualTo("invalid_client");
		assertThat(response.body().has("access_token")).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "garbage", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "a.b.c", "%00%ff" })
	void malformedTokensAreInactiveAtIntrospectionAndHarmlessAtRevocation(String token) {
		HttpResponse<JsonNode> valid = this.client.clientCredentials();
		String access = valid.body().path("access_token").asString();

		HttpResponse<JsonNode> introspection = this.client.introspect(token);
		assertThat(introspection.statusCode()).isEqualTo(200);
		assertThat(introspection.body().path("active").asBoolean()).isFalse();
		assertThat(this.client.revoke(token).statusCode()).isEqualTo(200);

		assertThat(this.client.introspect(access).body().path("active").asBoolean()).isTrue();
	}

	@Test
	void tokenEndpointWithoutGrantTypeGetsTheStandardError() {
		HttpResponse<JsonNode> response = this.client.token(Map.of("code", "x"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body().path("error").asString()).isEqualTo("invalid_request");
	}

	/** demo-spa's authorization request without PKCE, with these parameters added or replaced. */
	private static String spaRequest(Map<String, String> parameters) {
		Map<String, String> request = new LinkedHashMap<>(Map.of("client_id", "demo-spa", "redirect_uri",
				SPA_CALLBACK, "scope", "openid", "state", "s1"));
		request.putAll(parameters);
		return ISSUER + "/oauth2/authorize?" + Browser.encode(request);
	}

}
