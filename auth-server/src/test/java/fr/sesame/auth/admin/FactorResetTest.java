package fr.sesame.auth.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SecondFactorPages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin resets the second factors of an agent who lost them, through the admin API with a bearer token: the agent
 * enrols again at the next sign-in. A commune admin can do it for its own commune only, and every denial is audited.
 */
class FactorResetTest extends DemoServerTest {

	private static final String CALLBACK = "http://127.0.0.1:9999/callback";

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private AuditEventRepository auditEvents;

	@Test
	void aCommuneAdminResetsAnAgentOfItsCommuneAndNoOther() throws Exception {
		OidcClient finances = new OidcClient(ISSUER, "demo-finances",
				"demo-finances-secret-change-me-0123456789abcdef", CALLBACK);
		enrolThroughClient(finances, "hlefevre@rivebelle.fr");
		String adminToken = adminAccessToken("zdarc@rivebelle.fr");

		assertThat(reset(adminToken, "rivebelle", "hlefevre").statusCode()).isEqualTo(204);
		Browser browser = new Browser();
		HttpResponse<String> next = new SecondFactorPages(ISSUER, browser).signInWithPassword(finances,
				finances.authorizationRequest("openid"), "hlefevre@rivebelle.fr");
		assertThat(next.uri().getPath()).as("enrols again").isEqualTo("/mfa/enrol");

		HttpResponse<String> otherCommune = reset(adminToken, "montclair", "jdupont");
		assertThat(otherCommune.statusCode()).as("as if absent").isEqualTo(404);
		assertThat(otherCommune.body()).isEqualTo(reset(adminToken, "rivebelle", "nobody-here").body());
		assertThat(this.auditEvents.find(null, null, "ADMIN_DENIED")).extracting(AuditEvent::getData)
			.anySatisfy((data) -> assertThat(data).containsEntry("commune", "montclair")
				.containsEntry("reason", "other-commune"));
		assertThat(this.auditEvents.find(null, null, "MFA_RESET")).extracting(AuditEvent::getData)
			.anySatisfy((data) -> assertThat(data).containsEntry("commune", "rivebelle"));

		assertThat(reset(adminToken, "rivebelle", "nobody-here").statusCode()).isEqualTo(404);
	}

	@Test
	void withoutAnAdminTokenNothingIsReset() throws Exception {
		assertThat(reset(null, "rivebelle", "jdupont").statusCode()).isEqualTo(401);
		assertThat(reset("not-a-token", "rivebelle", "jdupont").statusCode()).isEqualTo(401);
		// A token of a client without the admin scope.
		OidcClient portal = OidcClient.demoPortal(ISSUER);
		OidcClient.Request request = portal.authorizationRequest("openid");
		String callback = new SecondFactorPages(ISSUER, new Browser()).signInWithPassword(portal, request,
				"jdupont@rivebelle.fr").headers().firstValue("Location").orElseThrow();
		String token = portal.exchange(portal.code(callback, request), request.verifier())
			.body()
			.get("access_token")
			.asText();
		assertThat(reset(token, "rivebelle", "jdupont").statusCode()).isEqualTo(403);
	}

	private void enrolThroughClient(OidcClient client, String login) {
		SecondFactorPages pages = new SecondFactorPages(ISSUER, new Browser());
		HttpResponse<String> enrolment = pages.signInWithPassword(client, client.authorizationRequest("openid"), login);
		byte[] secret = SecondFactorPages.secretOf(enrolment);
		pages.submit(enrolment, "/mfa/enrol/totp", Map.of("code", SecondFactorPages.codeNow(secret)));
	}

	// Admin roles always need a second factor: the admin enrols at its first sign-in to the admin client.
	private String adminAccessToken(String login) {
		OidcClient admin = new OidcClient(ISSUER, "sesame-admin", "sesame-admin-secret-change-me-0123456789abcdef",
				CALLBACK);
		SecondFactorPages pages = new SecondFactorPages(ISSUER, new Browser());
		OidcClient.Request request = admin.authorizationRequest("openid sesame.admin");
		HttpResponse<String> enrolment = pages.signInWithPassword(admin, request, login);
		byte[] secret = SecondFactorPages.secretOf(enrolment);
		HttpResponse<String> codes = pages.submit(enrolment, "/mfa/enrol/totp",
				Map.of("code", SecondFactorPages.codeNow(secret)));
		String callback = Browser.location(pages.continueFrom(codes));
		HttpResponse<JsonNode> tokens = admin.exchange(admin.code(callback, request), request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		assertThat(tokens.body().get("scope").asText()).contains("sesame.admin");
		return tokens.body().get("access_token").asText();
	}

	private HttpResponse<String> reset(String token, String commune, String login) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create(ISSUER + "/api/admin/communes/" + commune + "/agents/" + login + "/factors"))
			.DELETE();
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
