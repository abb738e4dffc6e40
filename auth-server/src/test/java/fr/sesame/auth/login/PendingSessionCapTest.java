package fr.sesame.auth.login;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A flood of anonymous requests, each of which creates a session, ends the oldest sessions nobody signed in to once
 * there are {@code sesame.login.sessions.max-pending} of them (here 100), and never a signed-in one.
 */
class PendingSessionCapTest extends DemoServerTest {

	private static final int MAX_PENDING = 100;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void fewPendingSessions(DynamicPropertyRegistry registry) {
		registry.add("sesame.login.sessions.max-pending", () -> MAX_PENDING);
	}

	@Test
	void aFloodOfAnonymousSessionsEndsTheOldestPendingOnesAndNoSignedInOne() throws Exception {
		OidcClient client = OidcClient.demoPortal(ISSUER);
		Browser pendingAgent = new Browser();
		HttpResponse<String> loginPage = pendingAgent.followWithin(ISSUER,
				pendingAgent.get(client.authorizationRequest("openid").url()));
		Browser signedInAgent = new Browser();
		OidcClient.Request first = client.authorizationRequest("openid");
		client.code(client.signIn(signedInAgent, first, "jdupont@rivebelle.fr", OidcClient.DEMO_PASSWORD, null), first);

		HttpClient anonymous = HttpClient.newHttpClient();
		for (int i = 0; i < MAX_PENDING; i++) {
			HttpResponse<String> page = anonymous.send(HttpRequest.newBuilder(URI.create(ISSUER + "/login")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Set-Cookie")).as("a new session each time").isPresent();
		}

		// The oldest pending session is gone with its CSRF token and authorization request: no code for the client.
		HttpResponse<String> posted = pendingAgent.post(ISSUER + "/login", Map.of("_csrf",
				Browser.csrf(loginPage.body()), "username", "hlefevre@rivebelle.fr", "password",
				OidcClient.DEMO_PASSWORD, "commune", ""));
		assertThat(Browser.isRedirect(posted) && Browser.location(posted).startsWith("http://127.0.0.1:9999/callback"))
			.isFalse();
		LoginForm.assertNotSignedIn(ISSUER, pendingAgent);

		// The agent who had signed in before the flood keeps single sign-on.
		OidcClient.Request second = client.authorizationRequest("openid");
		HttpResponse<String> again = signedInAgent.followWithin(ISSUER, signedInAgent.get(second.url()));
		assertThat(Browser.isRedirect(again)).as("single sign-on, no login page").isTrue();
		assertThat(client.code(Browser.location(again), second)).isNotBlank();

		// A sign-in started after the flood works, and the evictions are counted.
		Browser newcomer = new Browser();
		OidcClient.Request third = client.authorizationRequest("openid");
		assertThat(client.code(client.signIn(newcomer, third, "hlefevre@rivebelle.fr", OidcClient.DEMO_PASSWORD, null),
				third)).isNotBlank();
		assertThat(this.meters.counter("sesame.sessions.pending.evicted").count()).isPositive();
	}

}
