package fr.sesame.auth.login;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session nobody signed in to lasts {@code sesame.login.sessions.sign-in-timeout} (here 3 s) without activity;
 * once an agent signs in, it lasts the single sign-on session's {@code server.servlet.session.timeout}. Sessions in
 * the servlet container here, in Redis in {@link PendingSessionLifetimeWithRedisTest}.
 */
class PendingSessionLifetimeTest extends DemoServerTest {

	// Long enough that a slow CI machine never spends it between two requests of one sign-in.
	static final String SIGN_IN_TIMEOUT = "3s";

	private static final Duration PAST_THE_SIGN_IN_TIMEOUT = Duration.ofSeconds(5);

	@DynamicPropertySource
	static void shortSignInTimeout(DynamicPropertyRegistry registry) {
		registry.add("sesame.login.sessions.sign-in-timeout", () -> SIGN_IN_TIMEOUT);
	}

	@Test
	void aLoginPageLeftOpenPastTheSignInTimeoutSignsNobodyIn() throws InterruptedException {
		loginPageLeftOpenSignsNobodyIn(ISSUER);
	}

	@Test
	void aSignedInSessionOutlivesTheSignInTimeout() throws InterruptedException {
		signedInSessionOutlivesTheSignInTimeout(ISSUER);
	}

	static void loginPageLeftOpenSignsNobodyIn(String issuer) throws InterruptedException {
		OidcClient client = OidcClient.demoPortal(issuer);
		Browser browser = new Browser();
		HttpResponse<String> login = browser.followWithin(issuer, browser.get(client.authorizationRequest("openid").url()));
		assertThat(login.body()).contains("name=\"password\"");

		Thread.sleep(PAST_THE_SIGN_IN_TIMEOUT.toMillis());
		HttpResponse<String> posted = browser.post(issuer + "/login", Map.of("_csrf", Browser.csrf(login.body()),
				"username", "jdupont@rivebelle.fr", "password", OidcClient.DEMO_PASSWORD, "commune", ""));

		// The session that held the CSRF token and the authorization request is gone: no code for the client.
		assertThat(Browser.isRedirect(posted) && Browser.location(posted).startsWith("http://127.0.0.1:9999/callback"))
			.isFalse();
		LoginForm.assertNotSignedIn(issuer, browser);
	}

	static void signedInSessionOutlivesTheSignInTimeout(String issuer) throws InterruptedException {
		OidcClient client = OidcClient.demoPortal(issuer);
		Browser browser = new Browser();
		OidcClient.Request first = client.authorizationRequest("openid");
		client.code(client.signIn(browser, first, "jdupont@rivebelle.fr", OidcClient.DEMO_PASSWORD, null), first);

		Thread.sleep(PAST_THE_SIGN_IN_TIMEOUT.toMillis());
		OidcClient.Request second = client.authorizationRequest("openid");
		HttpResponse<String> again = browser.followWithin(issuer, browser.get(second.url()));

		assertThat(Browser.isRedirect(again)).as("single sign-on, no login page").isTrue();
		assertThat(client.code(Browser.location(again), second)).isNotBlank();
	}

}
