package fr.sesame.auth.oidc;

import java.net.http.HttpResponse;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.web.util.HtmlUtils;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DPoPProofs;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SignedTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole life of an agent's sign-in as a relying party sees it, over HTTP: authorization code with PKCE, ID token
 * verified against the published keys, userinfo, refresh rotation, introspection, revocation and logout.
 */
class AuthorizationCodeFlowTest extends DemoServerTest {

	private final OidcClient client = OidcClient.demoPortal(ISSUER);

	@Test
	void agentSignsInAndTheIdTokenVerifiesAgainstTheJwks() throws Exception {
		Browser browser = new Browser();
		OidcClient.Request request = this.client.authorizationRequest("openid profile email");
		String code = this.client.code(this.client.signIn(browser, request, "jdupont@rivebelle.fr",
				OidcClient.DEMO_PASSWORD, null), request);

		HttpResponse<JsonNode> tokens = this.client.exchange(code, request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		assertThat(tokens.body().path("token_type").asString()).isEqualTo("Bearer");
		assertThat(tokens.body().path("refresh_token").asString()).isNotBlank();

		JWTClaimsSet idToken = SignedTokens.verify(ISSUER, tokens.body().path("id_token").asString());
		assertThat(idToken.getIssuer()).isEqualTo(ISSUER);
		assertThat(idToken.getAudience()).containsExactly("demo-portal");
		assertThat(idToken.getStringClaim("nonce")).isEqualTo(request.nonce());
		assertThat(idToken.getExpirationTime()).isAfter(new Date());
		assertThat(idToken.getSubject()).matches("[0-9a-f]{32}");
		assertThat(idToken.getStringClaim("commune")).isEqualTo("rivebelle");
		assertThat(idToken.getStringClaim("preferred_username")).isEqualTo("jdupont");
		assertThat(idToken.getStringClaim("name")).isEqualTo("Jean Dupont");
		assertThat(idToken.getStringClaim("given_name")).isEqualTo("Jean");
		assertThat(idToken.getStringClaim("family_name")).isEqualTo("Dupont");
		assertThat(idToken.getStringClaim("email")).isNotBlank();
		assertThat(idToken.getBooleanClaim("email_verified")).as("the directory's address").isTrue();
		assertThat(idToken.getStringListClaim("groups")).contains("agents");
		assertThat(idToken.getStringListClaim("roles")).contains("agent");
		assertThat(idToken.getStringClaim("acr")).isEqualTo("urn:sesame:loa:pwd");
		assertThat(idToken.getStringListClaim("amr")).containsExactly("pwd");
		assertThat(idToken.getClaim("auth_time")).isNotNull();
		assertThat(idToken.getStringClaim("sid")).isNotBlank();

		JWTClaimsSet accessToken = SignedTokens.verify(ISSUER, tokens.body().path("access_token").asString());
		assertThat(accessToken.getSubject()).isEqualTo(idToken.getSubject());
		assertThat(accessToken.getStringListClaim("roles")).contains("agent");
		assertThat(accessToken.getStringClaim("commune")).isEqualTo("rivebelle");
	}

	@Test
	void scopesTheClientIsNotRegisteredForAreIgnoredAndNeverGranted() throws Exception {
		// Relying parties written for other providers ask for offline_access or their own values (OIDC Core 3.1.2.1).
		OidcClient.Request request = this.client.authorizationRequest("openid profile offline_access made.up");
		String code = this.client.code(this.client.signIn(new Browser(), request, "jdupont@rivebelle.fr",
				OidcClient.DEMO_PASSWORD, null), request);

		HttpResponse<JsonNode> tokens = this.client.exchange(code, request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		assertThat(tokens.body().path("scope").asString().split(" ")).containsExactlyInAnyOrder("openid", "profile");
		JWTClaimsSet accessToken = SignedTokens.verify(ISSUER, tokens.body().path("access_token").asString());
		assertThat(accessToken.getStringListClaim("scope")).containsExactlyInAnyOrder("openid", "profile");
		assertThat(this.client.introspect(tokens.body().path("access_token").asString()).body().path("scope").asString()
			.split(" ")).containsExactlyInAnyOrder("openid", "profile");
	}

	@Test
	void everyAuthorizationResponseNamesTheIssuer() {
		// RFC 9207: a client that talks to several providers can tell which one answered (mix-up attacks).
		OidcClient.Request request = this.client.authorizationRequest("openid");
		String callback = this.client.signIn(new Browser(), request, "jdupont@rivebelle.fr", OidcClient.DEMO_PASSWORD,
				null);
		assertThat(Browser.queryOf(callback)).containsEntry("iss", ISSUER).containsKey("code");

		OidcClient.Request refused = this.client.authorizationRequest("openid", Map.of("code_challenge_method", "plain"));
		HttpResponse<String> error = new Browser().get(refused.url());
		assertThat(Browser.queryOf(Browser.location(error))).containsEntry("error", "invalid_request")
			.containsEntry("state", refused.state())
			.containsEntry("iss", ISSUER);
	}

	@Test
	void promptNoneNeverShowsTheLoginPage() {
		Browser browser = new Browser();
		OidcClient.Request withoutSession = this.client.authorizationRequest("openid", Map.of("prompt", "none"));
		HttpResponse<String> refused = browser.get(withoutSession.url());
		assertThat(Browser.isRedirect(refused)).isTrue();
		assertThat(Browser.location(refused)).startsWith("http://127.0.0.1:9999/callback?");
		assertThat(Browser.queryOf(Browser.location(refused))).containsEntry("error", "login_required")
			.containsEntry("state", withoutSession.state())
			.containsEntry("iss", ISSUER)
			.doesNotContainKey("code");

		signIn(browser, "jdupont@rivebelle.fr");
		OidcClient.Request withSession = this.client.authorizationRequest("openid", Map.of("prompt", "none"));
		String code = this.client.code(Browser.location(browser.get(withSession.url())), withSession);
		assertThat(this.client.exchange(code, withSession.verifier()).statusCode()).isEqualTo(200);
	}

	@Test
	void requestObjectsAreRefusedNotIgnored() {
		// Ignored, its parameters (here a nonce and max_age) would silently not apply to the code issued.
		String requestObject = "eyJhbGciOiJub25lIn0.eyJub25jZSI6Im4iLCJtYXhfYWdlIjowfQ.";
		Browser browser = new Browser();
		for (boolean signedIn : new boolean[] { false, true }) {
			if (signedIn) {
				signIn(browser, "jdupont@rivebelle.fr");
			}
			OidcClient.Request request = this.client.authorizationRequest("openid", Map.of("request", requestObject));
			HttpResponse<String> refused = browser.get(request.url());
			assertThat(Browser.location(refused)).startsWith("http://127.0.0.1:9999/callback?");
			assertThat(Browser.queryOf(Browser.location(refused))).containsEntry("error", "request_not_supported")
				.containsEntry("state", request.state())
				.containsEntry("iss", ISSUER)
				.doesNotContainKey("code");
		}
		OidcClient.Request byReference = this.client.authorizationRequest("openid",
				Map.of("request_uri", "https://rp.example/request.jwt"));
		// Spring reads request_uri as a pushed request's reference (PAR, not enabled here): none by that name.
		HttpResponse<String> byReferenceRefused = browser.get(byReference.url());
		assertThat(byReferenceRefused.statusCode()).isEqualTo(400);
		assertThat(byReferenceRefused.body()).contains("invalid_request");
	}

	@Test
	void formPostResponseModePostsTheCodeToTheClientFromAPageOfItsOwn() {
		Browser browser = new Browser();
		String hostileState = "\"><script>alert(1)</script>";
		OidcClient.Request request = this.client.authorizationRequest("openid",
				Map.of("response_mode", "form_post", "state", hostileState));
		HttpResponse<String> login = browser.followWithin(ISSUER, browser.get(request.url()));
		HttpResponse<String> page = browser.followWithin(ISSUER, browser.post(ISSUER + "/login", Map.of("_csrf",
				Browser.csrf(login.body()), "username", "jdupont@rivebelle.fr", "password", OidcClient.DEMO_PASSWORD,
				"commune", "")));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo("/oauth2/authorize");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(policy) -> assertThat(policy).contains("script-src 'self'").contains("frame-ancestors 'none'"));
		assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(cache) -> assertThat(cache).contains("no-store"));
		assertThat(page.body()).doesNotContain("<script>alert").contains("src=\"/js/form-post.js\"");
		FormPost form = FormPost.of(page.body());
		assertThat(form.action()).isEqualTo("http://127.0.0.1:9999/callback");
		// Exactly these: nothing of Sésame's own (its CSRF token) goes to the client.
		assertThat(form.fields()).containsOnlyKeys("code", "state", "iss")
			.containsEntry("state", hostileState)
			.containsEntry("iss", ISSUER);
		assertThat(page.body()).doesNotContain("_csrf");
		assertThat(this.client.exchange(form.fields().get("code"), request.verifier()).statusCode()).isEqualTo(200);
	}

	@Test
	void fragmentResponseModePutsTheCodeInTheFragment() {
		Browser browser = new Browser();
		OidcClient.Request request = this.client.authorizationRequest("openid", Map.of("response_mode", "fragment"));
		HttpResponse<String> login = browser.followWithin(ISSUER, browser.get(request.url()));
		HttpResponse<String> back = browser.followWithin(ISSUER, browser.post(ISSUER + "/login", Map.of("_csrf",
				Browser.csrf(login.body()), "username", "jdupont@rivebelle.fr", "password", OidcClient.DEMO_PASSWORD,
				"commune", "")));

		String location = Browser.location(back);
		assertThat(location).startsWith("http://127.0.0.1:9999/callback#");
		Map<String, String> answer = Browser.fragmentOf(location);
		assertThat(answer).containsOnlyKeys("code", "state", "iss").containsEntry("state", request.state());
		assertThat(this.client.exchange(answer.get("code"), request.verifier()).statusCode()).isEqualTo(200);
	}

	@Test
	void formPostResponseModeCarriesErrorsToo() {
		OidcClient.Request request = this.client.authorizationRequest("openid",
				Map.of("response_mode", "form_post", "prompt", "none"));
		HttpResponse<String> page = new Browser().get(request.url());

		assertThat(page.statusCode()).isEqualTo(200);
		FormPost form = FormPost.of(page.body());
		assertThat(form.action()).isEqualTo("http://127.0.0.1:9999/callback");
		assertThat(form.fields()).containsOnlyKeys("error", "state", "iss")
			.containsEntry("error", "login_required")
			.containsEntry("state", request.state());
	}

	@Test
	void theFormPostPageShowsNothingWhenAskedDirectly() {
		assertThat(new Browser().get(ISSUER + "/oauth2/form-post").statusCode()).isEqualTo(404);
	}

	/** The form of a form_post page, its values unescaped as a browser would post them. */
	record FormPost(String action, Map<String, String> fields) {

		static FormPost of(String html) {
			Matcher form = Pattern.compile("<form id=\"form-post\" method=\"post\" action=\"([^\"]*)\"").matcher(html);
			assertThat(form.find()).as(html).isTrue();
			Map<String, String> fields = new LinkedHashMap<>();
			Matcher input = Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\"\\s*/?>")
				.matcher(html);
			while (input.find()) {
				fields.put(HtmlUtils.htmlUnescape(input.group(1)), HtmlUtils.htmlUnescape(input.group(2)));
			}
			return new FormPost(HtmlUtils.htmlUnescape(form.group(1)), fields);
		}

	}

	@Test
	void userinfoDescribesTheAgent() {
		Tokens tokens = signIn(new Browser(), "jdupont@rivebelle.fr");
		HttpResponse<JsonNode> userinfo = this.client.userinfo(tokens.access());
		assertThat(userinfo.statusCode()).isEqualTo(200);
		assertThat(userinfo.body().path("commune").asString()).isEqualTo("rivebelle");
		assertThat(userinfo.body().path("commune_name").asString()).isEqualTo("Rivebelle");
		assertThat(userinfo.body().path("email_verified").asBoolean()).isTrue();
		assertThat(userinfo.body().path("preferred_username").asString()).isEqualTo("jdupont");
		assertThat(userinfo.body().path("sub").asString()).matches("[0-9a-f]{32}");
		assertThat(userinfo.body().path("groups").isArray()).isTrue();
		assertThat(userinfo.body().path("roles").isArray()).isTrue();
	}

	@Test
	void aDPoPBoundAccessTokenNeedsItsProofAndIsRefusedAsABearerToken() {
		DPoPProofs proofs = new DPoPProofs();
		OidcClient.Request request = this.client.authorizationRequest("openid profile email");
		String code = this.client.code(this.client.signIn(new Browser(), request, "jdupont@rivebelle.fr",
				OidcClient.DEMO_PASSWORD, null), request);
		HttpResponse<JsonNode> tokens = this.client.exchange(code, request.verifier(),
				proofs.proof("POST", ISSUER + "/oauth2/token", null));
		assertThat(tokens.statusCode()).as(tokens.body().toString()).isEqualTo(200);
		assertThat(tokens.body().path("token_type").asString()).isEqualTo("DPoP");
		String accessToken = tokens.body().path("access_token").asString();

		assertThat(this.client.userinfo(accessToken, proofs).statusCode()).isEqualTo(200);
		HttpResponse<JsonNode> asBearer = this.client.userinfo(accessToken);
		assertThat(asBearer.statusCode()).isEqualTo(401);
		assertThat(asBearer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).contains("invalid_token"));
	}

	@Test
	void refreshRotatesAndTheOldRefreshTokenIsRefused() {
		Tokens tokens = signIn(new Browser(), "jdupont@rivebelle.fr");
		HttpResponse<JsonNode> refreshed = this.client.refresh(tokens.refresh());
		assertThat(refreshed.statusCode()).isEqualTo(200);
		String rotated = refreshed.body().path("refresh_token").asString();
		assertThat(rotated).isNotBlank().isNotEqualTo(tokens.refresh());

		HttpResponse<JsonNode> replay = this.client.refresh(tokens.refresh());
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(replay.body().path("error").asString()).isEqualTo("invalid_grant");

		assertThat(this.client.refresh(rotated).statusCode()).isEqualTo(200);
	}

	@Test
	void introspectionSaysActiveThenInactiveAfterRevocation() {
		Tokens tokens = signIn(new Browser(), "jdupont@montclair.fr");
		HttpResponse<JsonNode> active = this.client.introspect(tokens.access());
		assertThat(active.statusCode()).isEqualTo(200);
		assertThat(active.body().path("active").asBoolean()).isTrue();
		assertThat(active.body().path("client_id").asString()).isEqualTo("demo-portal");

		assertThat(this.client.revoke(tokens.access()).statusCode()).isEqualTo(200);
		assertThat(this.client.introspect(tokens.access()).body().path("active").asBoolean()).isFalse();
		assertThat(this.client.userinfo(tokens.access()).statusCode()).isEqualTo(401);

		assertThat(this.client.revoke(tokens.refresh()).statusCode()).isEqualTo(200);
		assertThat(this.client.introspect(tokens.refresh()).body().path("active").asBoolean()).isFalse();
		assertThat(this.client.refresh(tokens.refresh()).statusCode()).isEqualTo(400);
	}

	@Test
	void secondApplicationReusesTheSessionWithoutAPassword() {
		Browser browser = new Browser();
		signIn(browser, "jdupont@rivebelle.fr");
		OidcClient spa = OidcClient.demoSpa(ISSUER);
		OidcClient.Request request = spa.authorizationRequest("openid profile");
		HttpResponse<String> response = browser.followWithin(ISSUER, browser.get(request.url()));
		assertThat(Browser.isRedirect(response)).isTrue();
		String code = spa.code(Browser.location(response), request);
		assertThat(spa.exchange(code, request.verifier()).statusCode()).isEqualTo(200);
	}

	@Test
	void rpInitiatedLogoutEndsTheSingleSignOnSession() {
		Browser browser = new Browser();
		Tokens tokens = signIn(browser, "jdupont@rivebelle.fr");
		HttpResponse<String> logout = browser.get(ISSUER + "/connect/logout?" + Browser.encode(Map.of("id_token_hint",
				tokens.id(), "post_logout_redirect_uri", "http://127.0.0.1:9999/", "state", "bye")));
		assertThat(Browser.isRedirect(logout)).isTrue();
		assertThat(Browser.location(logout)).isEqualTo("http://127.0.0.1:9999/?state=bye");

		// The next authorization request must show the login page again.
		OidcClient.Request request = this.client.authorizationRequest("openid");
		HttpResponse<String> next = browser.followWithin(ISSUER, browser.get(request.url()));
		assertThat(next.statusCode()).isEqualTo(200);
		assertThat(next.body()).contains("name=\"password\"");
	}

	@Test
	void clientCredentialsGivesAnAccessTokenForTheClientItself() throws Exception {
		HttpResponse<JsonNode> response = this.client.clientCredentials();
		assertThat(response.statusCode()).isEqualTo(200);
		JWTClaimsSet token = SignedTokens.verify(ISSUER, response.body().path("access_token").asString());
		assertThat(token.getSubject()).isEqualTo("demo-portal");
		assertThat(token.getClaim("commune")).isNull();
	}

	@Test
	void discoveryAdvertisesTheEndpointsAndAlgorithms() {
		HttpResponse<String> get = new Browser().get(ISSUER + "/.well-known/openid-configuration");
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.body()).contains("\"issuer\":\"" + ISSUER + "\"")
			.contains("/oauth2/introspect")
			.contains("/oauth2/revoke")
			.contains("/connect/logout")
			.contains("urn:sesame:loa:mfa")
			.contains("ES256")
			.contains("\"scopes_supported\":[\"openid\",\"profile\",\"email\"]")
			.contains("\"authorization_response_iss_parameter_supported\":true")
			.contains("\"response_modes_supported\":[\"query\",\"fragment\",\"form_post\"]")
			.contains("\"ui_locales_supported\":[\"fr\",\"en\"]")
			.contains("\"request_parameter_supported\":false")
			.contains("\"request_uri_parameter_supported\":false")
			.contains("\"token_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\",\"none\"]")
			.contains("\"introspection_endpoint_auth_methods_supported\":[\"client_secret_basic\",\"client_secret_post\"]")
			.contains("\"grant_types_supported\":[\"authorization_code\",\"client_credentials\",\"refresh_token\"]")
			.doesNotContain("private_key_jwt", "tls_client_auth", "token-exchange");
	}

	record Tokens(String access, String refresh, String id) {
	}

	private Tokens signIn(Browser browser, String login) {
		OidcClient.Request request = this.client.authorizationRequest("openid profile email");
		String code = this.client.code(this.client.signIn(browser, request, login, OidcClient.DEMO_PASSWORD, null),
				request);
		HttpResponse<JsonNode> tokens = this.client.exchange(code, request.verifier());
		assertThat(tokens.statusCode()).as(tokens.body().toString()).isEqualTo(200);
		return new Tokens(tokens.body().path("access_token").asString(), tokens.body().path("refresh_token").asString(),
				tokens.body().path("id_token").asString());
	}
}
