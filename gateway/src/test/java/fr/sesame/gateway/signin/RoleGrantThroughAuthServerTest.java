package fr.sesame.gateway.signin;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.AdminApi;
import fr.sesame.gateway.support.AuthServerProcess;
import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.GatewayInstance;
import fr.sesame.gateway.support.Upstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A role an admin grants through auth-server's admin REST API opens the gateway application that needs it, and stops
 * opening it once the assignment expires. A grant or an expiry reaches a browser session with its next tokens: at the
 * next refresh (BrowserAccessTest shows it against a test provider) or, here, at the next sign-in, since auth-server's
 * access tokens live longer than this test.
 */
class RoleGrantThroughAuthServerTest {

	private static final String PASSWORD = "Sesame-Demo-2026";

	/** In Rivebelle's agents group only: the agent role, never officier-etat-civil from the directory. */
	private static final String AGENT = "scordier@rivebelle.fr";

	/** Rivebelle's commune admin in the demo directory. */
	private static final String ADMIN = "zdarc@rivebelle.fr";

	private static AuthServerProcess authServer;

	private static Upstream upstream;

	private static GatewayInstance gateway;

	@BeforeAll
	static void start() {
		authServer = AuthServerProcess.get();
		upstream = Upstream.answering();
		Map<String, Object> properties = authServer.gatewayProperties(upstream);
		gateway = GatewayInstance.start("gateway-role-grant-test", properties);
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

	@Test
	void aRoleGrantedThroughTheAdminApiOpensTheApplicationUntilItExpires() throws Exception {
		AdminApi admin = AdminApi.as(authServer, ADMIN);
		Browser browser = new Browser();
		signIn(browser, "/open/", AGENT);
		upstream.reset();
		HttpResponse<String> before = browser.get(gateway.url("/etat-civil/registre"));
		assertThat(before.statusCode()).isEqualTo(403);
		assertThat(before.body()).contains("data-reason=\"role_missing\"");
		assertThat(upstream.requests()).isEmpty();

		Instant expiresAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(20);
		HttpResponse<String> granted = admin.post("/api/admin/communes/rivebelle/assignments",
				"{\"login\":\"scordier\",\"client\":\"" + AuthServerProcess.CLIENT_ID
						+ "\",\"role\":\"officier-etat-civil\",\"expires_at\":\"" + expiresAt + "\"}");
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);

		// The next sign-in's tokens carry the role: the application opens.
		signOut(browser);
		HttpResponse<String> opened = signIn(browser, "/etat-civil/registre", AGENT);
		assertThat(opened.statusCode()).isEqualTo(200);
		assertThat(opened.body()).isEqualTo("upstream");
		assertThat(upstream.lastRequest().getHeader("X-Sesame-Login")).isEqualTo("scordier");
		assertThat(upstream.lastRequest().getHeader("X-Sesame-Roles")).contains("officier-etat-civil");

		// Past the expiry, the next sign-in's tokens no longer carry it: refused again, before the upstream.
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt.plusSeconds(1)).toMillis()));
		signOut(browser);
		signIn(browser, "/open/", AGENT);
		assertThat(upstream.lastRequest().getHeader("X-Sesame-Roles")).doesNotContain("officier-etat-civil");
		upstream.reset();
		HttpResponse<String> after = browser.get(gateway.url("/etat-civil/registre"));
		assertThat(after.statusCode()).isEqualTo(403);
		assertThat(after.body()).contains("data-reason=\"role_missing\"");
		assertThat(upstream.requests()).isEmpty();
	}

	/** Signs out at the gateway, which ends the sign-in at auth-server too. */
	private static void signOut(Browser browser) {
		HttpResponse<String> portal = browser.get(gateway.url("/"));
		HttpResponse<String> signedOut = browser.follow(browser.post(gateway.url("/logout"),
				Map.of("_csrf", Browser.csrf(portal.body()))));
		assertThat(signedOut.uri().toString()).isEqualTo(authServer.issuer() + "/login");
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
