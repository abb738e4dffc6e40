package fr.sesame.auth.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SecondFactorPages;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API as a script uses it: an admin's bearer token (signed in with TOTP), then GET requests. */
final class AdminApi {

	private static final String CALLBACK = "http://127.0.0.1:9999/callback";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String issuer;

	AdminApi(String issuer) {
		this.issuer = issuer;
	}

	/** An access token of the sesame-admin client; the admin enrols TOTP at this first sign-in, as admins must. */
	String adminAccessToken(String login) {
		OidcClient admin = new OidcClient(this.issuer, "sesame-admin", "sesame-admin-secret-change-me-0123456789abcdef",
				CALLBACK);
		SecondFactorPages pages = new SecondFactorPages(this.issuer, new Browser());
		OidcClient.Request request = admin.authorizationRequest("openid sesame.admin");
		HttpResponse<String> enrolment = pages.signInWithPassword(admin, request, login);
		byte[] secret = SecondFactorPages.secretOf(enrolment);
		HttpResponse<String> codes = pages.submit(enrolment, "/mfa/enrol/totp",
				Map.of("code", SecondFactorPages.codeNow(secret)));
		String callback = Browser.location(pages.continueFrom(codes));
		HttpResponse<JsonNode> tokens = admin.exchange(admin.code(callback, request), request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		return tokens.body().get("access_token").asString();
	}

	/** Signs the agent in to the demo portal and returns its {@code sub}. */
	String signIn(Browser browser, String login) {
		OidcClient portal = OidcClient.demoPortal(this.issuer);
		OidcClient.Request request = portal.authorizationRequest("openid");
		String callback = portal.signIn(browser, request, login, OidcClient.DEMO_PASSWORD, null);
		HttpResponse<JsonNode> tokens = portal.exchange(portal.code(callback, request), request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		try {
			return SignedJWT.parse(tokens.body().get("id_token").asString()).getJWTClaimsSet().getSubject();
		}
		catch (java.text.ParseException ex) {
			throw new AssertionError(ex);
		}
	}

	HttpResponse<String> get(String pathAndQuery, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + pathAndQuery)).GET();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The JSON body of a 200 answer. */
	JsonNode json(String pathAndQuery, String token) {
		HttpResponse<String> response = get(pathAndQuery, token);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	static JsonNode parse(String body) {
		return JSON.readTree(body);
	}

}
