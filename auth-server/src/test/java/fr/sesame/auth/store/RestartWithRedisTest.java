package fr.sesame.auth.store;

import java.net.http.HttpResponse;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import fr.sesame.auth.AuthServerApplication;
import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SignedTokens;
import fr.sesame.directory.support.LoopbackPorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Redis, a restart loses nothing an agent or a relying party relies on: the SSO session, refresh tokens, the
 * signing keys (tokens signed before still verify) and the agent's {@code sub}. Runs against the real Redis on
 * 127.0.0.1:6379.
 */
class RestartWithRedisTest {

	private static final int PORT = LoopbackPorts.free();

	private static final String ISSUER = "http://localhost:" + PORT;

	@Test
	void sessionsRefreshTokensKeysAndSubjectsSurviveARestart() throws Exception {
		OidcClient client = OidcClient.demoPortal(ISSUER);
		Browser browser = new Browser();
		JsonNode before;
		try (ConfigurableApplicationContext first = start()) {
			OidcClient.Request request = client.authorizationRequest("openid profile");
			String code = client.code(client.signIn(browser, request, "jdupont@rivebelle.fr", OidcClient.DEMO_PASSWORD,
					null), request);
			HttpResponse<JsonNode> tokens = client.exchange(code, request.verifier());
			assertThat(tokens.statusCode()).isEqualTo(200);
			before = tokens.body();
		}

		try (ConfigurableApplicationContext second = start()) {
			// Signing keys: the token signed before the restart still verifies against the JWKS served after it.
			JWTClaimsSet oldIdToken = SignedTokens.verify(ISSUER, before.path("id_token").asString());
			String subject = oldIdToken.getSubject();

			// The session: a new authorization request needs no password.
			OidcClient.Request request = client.authorizationRequest("openid profile");
			HttpResponse<String> response = browser.followWithin(ISSUER, browser.get(request.url()));
			assertThat(Browser.isRedirect(response)).as("SSO session kept across the restart").isTrue();
			HttpResponse<JsonNode> tokens = client.exchange(client.code(Browser.location(response), request),
					request.verifier());
			assertThat(tokens.statusCode()).isEqualTo(200);
			assertThat(SignedJWT.parse(tokens.body().path("id_token").asString()).getJWTClaimsSet().getSubject())
				.isEqualTo(subject);

			// The refresh token issued before the restart still works, once.
			HttpResponse<JsonNode> refreshed = client.refresh(before.path("refresh_token").asString());
			assertThat(refreshed.statusCode()).as(refreshed.body().toString()).isEqualTo(200);
			assertThat(client.refresh(before.path("refresh_token").asString()).statusCode()).isEqualTo(400);
		}
	}

	private static ConfigurableApplicationContext start() {
		return new SpringApplicationBuilder(AuthServerApplication.class).profiles("demo", "redis")
			.run("--server.port=" + PORT, "--server.address=127.0.0.1", "--sesame.issuer=" + ISSUER,
					"--sesame.login.throttle.base-delay=0s");
	}

}
