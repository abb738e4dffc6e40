package fr.sesame.auth.logout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SignedTokens;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When an agent's session ends at auth-server, each relying party that received tokens in it gets an OIDC
 * back-channel logout token (WireMock plays the relying party), and those tokens stop working.
 */
class BackChannelLogoutTest extends DemoServerTest {

	static final WireMockServer relyingParty = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	static {
		relyingParty.start();
	}

	private static final String SECRET = "back-channel-test-secret-0123456789abcdef";

	@DynamicPropertySource
	static void clientWithBackChannelLogout(DynamicPropertyRegistry registry) {
		String prefix = "sesame.clients.bcl-test.";
		registry.add(prefix + "name", () -> "Back-channel test");
		registry.add(prefix + "secret", () -> SECRET);
		registry.add(prefix + "redirect-uris[0]", () -> "http://127.0.0.1:9999/callback");
		registry.add(prefix + "post-logout-redirect-uris[0]", () -> "http://127.0.0.1:9999/");
		registry.add(prefix + "grant-types[0]", () -> "authorization_code");
		registry.add(prefix + "grant-types[1]", () -> "refresh_token");
		registry.add(prefix + "backchannel-logout-uri",
				() -> "http://localhost:" + relyingParty.port() + "/backchannel-logout");
	}

	@AfterAll
	static void stopRelyingParty() {
		relyingParty.stop();
	}

	@BeforeEach
	void relyingPartyAcceptsLogoutTokens() {
		relyingParty.resetAll();
		relyingParty.stubFor(post(urlEqualTo("/backchannel-logout")).willReturn(aResponse().withStatus(200)));
	}

	private final OidcClient client = new OidcClient(ISSUER, "bcl-test", SECRET, "http://127.0.0.1:9999/callback");

	@Test
	void rpInitiatedLogoutSendsALogoutTokenAndRevokesTheSessionsTokens() throws Exception {
		Browser browser = new Browser();
		JsonNode tokens = signIn(browser);
		JWTClaimsSet idToken = SignedJWT.parse(tokens.path("id_token").asString()).getJWTClaimsSet();

		HttpResponse<String> logout = browser.get(ISSUER + "/connect/logout?" + Browser.encode(
				Map.of("id_token_hint", tokens.path("id_token").asString(), "post_logout_redirect_uri",
						"http://127.0.0.1:9999/")));
		assertThat(Browser.location(logout)).isEqualTo("http://127.0.0.1:9999/");

		SignedJWT logoutToken = SignedJWT.parse(awaitLogoutToken());
		assertThat(logoutToken.getHeader().getType().toString()).isEqualTo("logout+jwt");
		JWTClaimsSet claims = SignedTokens.verifyLogoutToken(ISSUER, logoutToken.serialize());
		assertThat(claims.getIssuer()).isEqualTo(ISSUER);
		assertThat(claims.getAudience()).containsExactly("bcl-test");
		assertThat(claims.getSubject()).isEqualTo(idToken.getSubject());
		assertThat(claims.getStringClaim("sid")).isEqualTo(idToken.getStringClaim("sid"));
		assertThat(claims.getJSONObjectClaim("events")).containsKey("http://schemas.openid.net/event/backchannel-logout");
		assertThat(claims.getClaim("nonce")).isNull();
		assertThat(claims.getJWTID()).isNotBlank();

		assertThat(this.client.refresh(tokens.path("refresh_token").asString()).statusCode()).isEqualTo(400);
		assertThat(this.client.introspect(tokens.path("access_token").asString()).body().path("active").asBoolean())
			.isFalse();
	}

	@Test
	void logoutFormAlsoEndsTheRelyingPartiesSessions() throws Exception {
		Browser browser = new Browser();
		JsonNode tokens = signIn(browser);
		HttpResponse<String> home = browser.get(ISSUER + "/");
		browser.post(ISSUER + "/logout", Map.of("_csrf", Browser.csrf(home.body())));

		JWTClaimsSet claims = SignedTokens.verifyLogoutToken(ISSUER, awaitLogoutToken());
		assertThat(claims.getStringClaim("sid"))
			.isEqualTo(SignedJWT.parse(tokens.path("id_token").asString()).getJWTClaimsSet().getStringClaim("sid"));
		assertThat(this.client.refresh(tokens.path("refresh_token").asString()).statusCode()).isEqualTo(400);
	}

	private JsonNode signIn(Browser browser) {
		OidcClient.Request request = this.client.authorizationRequest("openid profile");
		String code = this.client.code(this.client.signIn(browser, request, "jdupont@rivebelle.fr",
				OidcClient.DEMO_PASSWORD, null), request);
		HttpResponse<JsonNode> tokens = this.client.exchange(code, request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		return tokens.body();
	}

	private static String awaitLogoutToken() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			List<LoggedRequest> requests = relyingParty.findAll(postRequestedFor(urlEqualTo("/backchannel-logout")));
			if (!requests.isEmpty()) {
				assertThat(requests).hasSize(1);
				assertThat(requests.get(0).getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
				return Browser.queryOf("http://x/?" + requests.get(0).getBodyAsString()).get("logout_token");
			}
			Thread.sleep(50);
		}
		throw new AssertionError("no logout token reached the relying party");
	}

}
