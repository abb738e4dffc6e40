package fr.sesame.gateway.signin;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.AuthServerProcess;
import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.GatewayInstance;
import fr.sesame.gateway.support.Upstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end with the real auth-server (started from its jar) and its demo directories: sign-in and back, SSO,
 * refusals by commune and role before the upstream, token relay, sign-out ending SSO, and a logout at auth-server
 * ending the gateway's session through back-channel logout. Step-up to a second factor: {@link
 * StepUpThroughAuthServerTest}.
 */
class SignInThroughAuthServerTest {

	private static final String PASSWORD = "Sesame-Demo-2026";

	/** auth-server's public demo client, used to check SSO from another relying party's point of view. */
	private static final String OTHER_APPLICATION = "/oauth2/authorize?response_type=code&client_id=demo-spa"
			+ "&redirect_uri=http://127.0.0.1:9999/callback&scope=openid&state=sso"
			+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

	private static AuthServerProcess authServer;

	private static Upstream upstream;

	private static GatewayInstance gateway;

	@BeforeAll
	static void start() {
		authServer = AuthServerProcess.get();
		upstream = Upstream.answering();
		Map<String, Object> properties = authServer.gatewayProperties(upstream);
		properties.put("sesame.gateway.bearer.audiences[0]", AuthServerProcess.CLIENT_ID);
		gateway = GatewayInstance.start("gateway-test", properties);
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (upstream != null) {
			upstream.close();
		}
	}

	@BeforeEach
	void reset() {
		upstream.reset();
	}

	@Test
	void anAgentSignsInAtAuthServerAndLandsOnTheUrlTheyAskedFor() {
		Browser browser = new Browser();

		HttpResponse<String> landed = signIn(browser, "/etat-civil/registre?annee=2025", "jdupont@rivebelle.fr");

		assertThat(landed.statusCode()).isEqualTo(200);
		assertThat(landed.uri().toString()).isEqualTo(gateway.url("/etat-civil/registre?annee=2025"));
		assertThat(landed.body()).isEqualTo("upstream");
		assertThat(upstream.lastRequest().getHeader("X-Sesame-Commune")).isEqualTo("rivebelle");
		assertThat(upstream.lastRequest().getHeader("X-Sesame-Login")).isEqualTo("jdupont");
		assertThat(upstream.lastRequest().getHeader("X-Sesame-Roles")).contains("officier-etat-civil");
		assertThat(upstream.lastRequest().containsHeader("Cookie")).as("gateway and auth-server cookies withheld")
			.isFalse();
	}

	@Test
	void aSecondApplicationOpensWithoutAPasswordAndSoDoesAnotherRelyingParty() {
		Browser browser = new Browser();
		signIn(browser, "/open/", "jdupont@rivebelle.fr");

		HttpResponse<String> second = browser.open(gateway.url("/etat-civil/"));
		HttpResponse<String> otherParty = browser.get(authServer.issuer() + OTHER_APPLICATION);

		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(browser.visited()).noneMatch((url) -> url.endsWith("/login") && url.contains("/etat-civil"));
		assertThat(otherParty.statusCode()).isEqualTo(302);
		assertThat(Browser.location(otherParty)).startsWith("http://127.0.0.1:9999/callback?code=");
	}

	@Test
	void tokenRelayDeliversAnAccessTokenAuthServerSignedAndApiClientsCanUseIt() throws Exception {
		Browser browser = new Browser();
		signIn(browser, "/open/documents", "jdupont@rivebelle.fr");
		String token = upstream.lastRequest().getHeader("Authorization").substring("Bearer ".length());

		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
				JWKSourceBuilder.create(new URL(authServer.issuer() + "/oauth2/jwks")).build()));
		JWTClaimsSet claims = processor.process(token, null);
		assertThat(claims.getIssuer()).isEqualTo(authServer.issuer());
		assertThat(claims.getAudience()).containsExactly(AuthServerProcess.CLIENT_ID);
		assertThat(claims.getStringClaim("commune")).isEqualTo("rivebelle");
		assertThat(claims.getStringListClaim("roles")).contains("agent", "officier-etat-civil");

		HttpResponse<String> api = new Browser().get(gateway.url("/etat-civil/api/actes"),
				Map.of("Authorization", "Bearer " + token, "Accept", "application/json"));
		assertThat(api.statusCode()).isEqualTo(200);
	}

	@Test
	void anAgentOfAnotherCommuneIsRefusedAndTheUpstreamHearsNothing() {
		Browser browser = new Browser();
		signIn(browser, "/open/", "jdupont@montclair.fr");
		upstream.reset();

		HttpResponse<String> refused = browser.get(gateway.url("/etat-civil/registre"));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("data-reason=\"commune_not_allowed\"").contains("État civil");
		assertThat(upstream.requests()).isEmpty();
	}

	@Test
	void anAgentWithoutTheRoleIsRefused() {
		Browser browser = new Browser();
		signIn(browser, "/open/", "hlefevre@rivebelle.fr");
		upstream.reset();

		HttpResponse<String> refused = browser.get(gateway.url("/etat-civil/registre"));

		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(refused.body()).contains("data-reason=\"role_missing\"");
		assertThat(upstream.requests()).isEmpty();
	}

	@Test
	void signingOutEndsSingleSignOn() {
		Browser browser = new Browser();
		signIn(browser, "/open/", "jdupont@rivebelle.fr");
		HttpResponse<String> portal = browser.get(gateway.url("/"));

		HttpResponse<String> afterSignOut = browser.follow(browser.post(gateway.url("/logout"),
				Map.of("_csrf", Browser.csrf(portal.body()))));

		assertThat(browser.visited()).anySatisfy((url) -> assertThat(url).startsWith(authServer.issuer() + "/connect/logout"));
		assertThat(afterSignOut.uri().toString()).isEqualTo(authServer.issuer() + "/login");
		HttpResponse<String> otherParty = browser.get(authServer.issuer() + OTHER_APPLICATION);
		assertThat(Browser.location(otherParty)).isEqualTo(authServer.issuer() + "/login");
		HttpResponse<String> application = browser.open(gateway.url("/open/"));
		assertThat(application.uri().toString()).isEqualTo(authServer.issuer() + "/login");
	}

	@Test
	void aLogoutAtAuthServerEndsTheGatewaySessionThroughBackChannelLogout() {
		Browser browser = new Browser();
		signIn(browser, "/open/", "jloneil@rivebelle.fr");
		HttpResponse<String> home = browser.get(authServer.issuer() + "/");

		browser.post(authServer.issuer() + "/logout", Map.of("_csrf", Browser.csrf(home.body())));

		// auth-server delivers logout tokens in the background, within seconds.
		HttpResponse<String> application = browser.get(gateway.url("/open/"));
		for (int i = 0; i < 100 && application.statusCode() == 200; i++) {
			pause();
			application = browser.get(gateway.url("/open/"));
		}
		assertThat(application.statusCode()).isEqualTo(302);
		assertThat(Browser.location(application)).isEqualTo(gateway.url("/oauth2/authorization/sesame"));
	}

	@Test
	void outOfTheBoxTheGatewaysPortServesHealthAndNoMetrics() {
		// Metrics name applications and communes: they are served on a management port only (OperationsTest).
		assertThat(new Browser().get(gateway.url("/actuator/health"), Map.of("Accept", "application/json"))
			.statusCode()).isEqualTo(200);
		for (String path : List.of("/actuator/prometheus", "/actuator")) {
			HttpResponse<String> response = new Browser().get(gateway.url(path), Map.of("Accept", "text/plain"));
			assertThat(response.statusCode()).as(path).isNotEqualTo(200);
			assertThat(response.body()).as(path).doesNotContain("sesame_gateway").doesNotContain("_links");
		}
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Opens a gateway URL, fills auth-server's login form, follows the redirects back. */
	private static HttpResponse<String> signIn(Browser browser, String path, String login) {
		HttpResponse<String> loginPage = browser.open(gateway.url(path));
		assertThat(loginPage.uri().toString()).isEqualTo(authServer.issuer() + "/login");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", Browser.csrf(loginPage.body()));
		form.put("username", login);
		form.put("password", PASSWORD);
		form.put("commune", "");
		HttpResponse<String> landed = browser.follow(browser.post(authServer.issuer() + "/login", form));
		assertThat(URI.create(landed.uri().toString()).getPort()).as("back on the gateway").isEqualTo(gateway.port());
		return landed;
	}

}
