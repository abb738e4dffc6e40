package fr.sesame.auth.login;

import java.net.http.HttpResponse;
import java.util.List;

import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import fr.sesame.auth.audit.AuditEntry;
import fr.sesame.auth.audit.AuditQuery;
import fr.sesame.auth.audit.AuditStore;
import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent holds at most {@code sesame.login.sessions.max-per-agent} sessions (2 here): a third sign-in, from a
 * third browser, ends the oldest session — single sign-on gone in that browser, its refresh and access tokens
 * revoked, an audit entry — while the two newest sessions and their tokens keep working, and another agent's
 * sessions are untouched.
 */
class SessionLimitTest extends DemoServerTest {

	private final OidcClient portal = OidcClient.demoPortal(ISSUER);

	@Autowired
	private AuditStore audit;

	@DynamicPropertySource
	static void twoSessionsPerAgent(DynamicPropertyRegistry registry) {
		registry.add("sesame.login.sessions.max-per-agent", () -> 2);
	}

	@Test
	void aSignInBeyondTheLimitEndsTheOldestSessionAndItsTokens() throws Exception {
		Browser other = new Browser();
		JsonNode otherTokens = signIn(other, "ijacquet@rivebelle.fr");
		Browser first = new Browser();
		JsonNode firstTokens = signIn(first, "scordier@rivebelle.fr");
		Browser second = new Browser();
		JsonNode secondTokens = signIn(second, "scordier@rivebelle.fr");
		assertThat(signedIn(first)).as("two sessions are within the limit").isTrue();

		Browser third = new Browser();
		JsonNode thirdTokens = signIn(third, "scordier@rivebelle.fr");

		assertThat(signedIn(first)).as("the oldest session ended").isFalse();
		assertThat(this.portal.refresh(firstTokens.path("refresh_token").asString()).statusCode()).isEqualTo(400);
		assertThat(active(firstTokens.path("access_token").asString())).isFalse();
		for (Browser live : List.of(second, third, other)) {
			assertThat(signedIn(live)).isTrue();
		}
		for (JsonNode live : List.of(secondTokens, thirdTokens, otherTokens)) {
			assertThat(active(live.path("access_token").asString())).isTrue();
		}
		String subject = SignedJWT.parse(firstTokens.path("id_token").asString()).getJWTClaimsSet().getSubject();
		List<AuditEntry> ended = this.audit.find(new AuditQuery(subject, null, java.util.Set.of("SESSION_ENDED"),
				null, null, 10));
		assertThat(ended).singleElement()
			.satisfies((entry) -> assertThat(entry.data()).containsEntry("reason", "session-limit")
				.containsEntry("authorizations-revoked", "1"));
	}

	void signInOnce() {
		signIn(new Browser(), "jloneil@rivebelle.fr");
	}

	private JsonNode signIn(Browser browser, String login) {
		OidcClient.Request request = this.portal.authorizationRequest("openid profile");
		String code = this.portal.code(this.portal.signIn(browser, request, login, OidcClient.DEMO_PASSWORD, null),
				request);
		HttpResponse<JsonNode> tokens = this.portal.exchange(code, request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		return tokens.body();
	}

	private boolean active(String token) {
		return this.portal.introspect(token).body().path("active").asBoolean();
	}

	private static boolean signedIn(Browser browser) {
		HttpResponse<String> home = browser.get(ISSUER + "/");
		return !(Browser.isRedirect(home) && Browser.location(home).endsWith("/login"));
	}

}
