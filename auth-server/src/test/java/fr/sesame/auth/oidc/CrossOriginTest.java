package fr.sesame.auth.oidc;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.support.DemoServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a browser lets a page of another origin do with the OAuth2 endpoints (CORS): a single-page application (the
 * public demo-spa, redirect URI on http://127.0.0.1:9999) exchanges its code and reads userinfo from its own origin;
 * any page reads discovery and the JWKS; nothing else crosses origins, and never with cookies.
 */
class CrossOriginTest extends DemoServerTest {

	private static final String SPA_ORIGIN = "http://127.0.0.1:9999";

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void theSinglePageApplicationMayCallTheTokenAndUserinfoEndpointsFromItsOrigin() throws Exception {
		HttpResponse<String> preflight = preflight("/oauth2/token", SPA_ORIGIN, "POST", "content-type");
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SPA_ORIGIN);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

		HttpResponse<String> userinfo = preflight("/userinfo", SPA_ORIGIN, "GET", "authorization");
		assertThat(userinfo.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SPA_ORIGIN);

		// The request itself, refused here (no such code), still tells the page why.
		HttpResponse<String> exchange = this.http.send(HttpRequest.newBuilder(URI.create(ISSUER + "/oauth2/token"))
			.header("Origin", SPA_ORIGIN)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=demo-spa&code=nope"
					+ "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9999%2Fcallback&code_verifier=" + "v".repeat(43)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(exchange.statusCode()).isEqualTo(400);
		assertThat(exchange.body()).contains("invalid_grant");
		assertThat(exchange.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SPA_ORIGIN);
	}

	@Test
	void anyPageMayReadDiscoveryAndTheKeys() throws Exception {
		for (String path : new String[] { "/.well-known/openid-configuration", "/oauth2/jwks" }) {
			HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(ISSUER + path))
				.header("Origin", "https://any.example")
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
		}
	}

	@Test
	void otherOriginsAndOtherEndpointsGetNoPermission() throws Exception {
		// An unknown page; the origin of confidential clients only (the gateway, the portal), whose servers call.
		for (String origin : new String[] { "https://attacker.example", "http://localhost:8080", "null" }) {
			HttpResponse<String> preflight = preflight("/oauth2/token", origin, "POST", "content-type");
			// Without Access-Control-Allow-Origin the browser refuses the call, whatever the status.
			assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(origin).isEmpty();
		}
		for (String path : new String[] { "/oauth2/introspect", "/oauth2/authorize", "/connect/logout" }) {
			HttpResponse<String> preflight = preflight(path, SPA_ORIGIN, "POST", "content-type");
			assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
		}
	}

	private HttpResponse<String> preflight(String path, String origin, String method, String headers)
			throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(ISSUER + path))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", method)
			.header("Access-Control-Request-Headers", headers)
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
