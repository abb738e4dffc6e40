package fr.sesame.auth.mfa;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SecondFactorPages;
import fr.sesame.auth.support.SignedTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code acr_values}, {@code max_age} and {@code prompt} on the authorization endpoint, which Spring's authorization
 * server ignores: a step-up inside a password session asks only for the second factor; {@code max_age=0} asks for the
 * password again; {@code prompt=none} never shows a page.
 */
class StepUpTest extends DemoServerTest {

	private static final String CALLBACK = "http://127.0.0.1:9999/callback";

	private static final String MFA = "urn:sesame:loa:mfa";

	@Test
	void stepUpInAPasswordSessionAsksOnlyForTheCodeAndYieldsMultiFactorTokens() throws Exception {
		Browser browser = new Browser();
		SecondFactorPages pages = new SecondFactorPages(ISSUER, browser);
		OidcClient portal = OidcClient.demoPortal(ISSUER);
		byte[] secret = enrol(pages, "zdarc@rivebelle.fr");

		Browser fresh = new Browser();
		SecondFactorPages freshPages = new SecondFactorPages(ISSUER, fresh);
		OidcClient.Request passwordOnly = portal.authorizationRequest("openid");
		HttpResponse<String> callback = freshPages.signInWithPassword(portal, passwordOnly, "zdarc@rivebelle.fr");
		JWTClaimsSet first = idToken(portal, passwordOnly, Browser.location(callback));
		assertThat(first.getStringClaim("acr")).isEqualTo("urn:sesame:loa:pwd");
		assertThat(first.getStringListClaim("amr")).containsExactly("pwd");

		OidcClient.Request stepUp = portal.authorizationRequest("openid", Map.of("acr_values", MFA));
		HttpResponse<String> challenge = fresh.followWithin(ISSUER, fresh.get(stepUp.url()));
		assertThat(challenge.uri().getPath()).isEqualTo("/mfa");
		assertThat(challenge.body()).contains("name=\"code\"").doesNotContain("name=\"password\"");
		HttpResponse<String> done = freshPages.submit(challenge, "/mfa/totp",
				Map.of("code", SecondFactorPages.nextCode(secret)));
		JWTClaimsSet stepped = idToken(portal, stepUp, Browser.location(done));
		assertThat(stepped.getStringClaim("acr")).isEqualTo(MFA);
		assertThat(stepped.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
		assertThat(stepped.getSubject()).isEqualTo(first.getSubject());
		assertThat(stepped.getStringClaim("sid")).as("same single sign-on session").isNotNull();
	}

	@Test
	void maxAgeZeroForcesANewSignInAndTheAliasEidas1IsThePasswordLevel() throws Exception {
		Browser browser = new Browser();
		SecondFactorPages pages = new SecondFactorPages(ISSUER, browser);
		OidcClient portal = OidcClient.demoPortal(ISSUER);
		OidcClient.Request first = portal.authorizationRequest("openid", Map.of("acr_values", "eidas1"));
		JWTClaimsSet firstToken = idToken(portal, first,
				Browser.location(pages.signInWithPassword(portal, first, "hlefevre@rivebelle.fr")));
		assertThat(firstToken.getStringClaim("acr")).isEqualTo("urn:sesame:loa:pwd");

		OidcClient.Request sso = portal.authorizationRequest("openid");
		assertThat(Browser.location(browser.get(sso.url()))).as("single sign-on without max_age").startsWith(CALLBACK);

		OidcClient.Request again = portal.authorizationRequest("openid", Map.of("max_age", "0"));
		HttpResponse<String> loginPage = browser.followWithin(ISSUER, browser.get(again.url()));
		assertThat(loginPage.uri().getPath()).isEqualTo("/login");
		assertThat(loginPage.body()).contains("name=\"password\"");
		Thread.sleep(1100);
		HttpResponse<String> callback = pages.postPassword(loginPage, "hlefevre@rivebelle.fr");
		JWTClaimsSet renewed = idToken(portal, again, Browser.location(callback));
		assertThat(renewed.getLongClaim("auth_time")).isGreaterThan(firstToken.getLongClaim("auth_time"));
	}

	@Test
	void promptNoneNeverShowsAPageAndAnswersTheClientWithTheStandardError() {
		Browser browser = new Browser();
		SecondFactorPages pages = new SecondFactorPages(ISSUER, browser);
		OidcClient portal = OidcClient.demoPortal(ISSUER);
		pages.signInWithPassword(portal, portal.authorizationRequest("openid"), "jdupont@rivebelle.fr");

		OidcClient.Request silentStepUp = portal.authorizationRequest("openid",
				Map.of("acr_values", MFA, "prompt", "none"));
		String answer = Browser.location(browser.get(silentStepUp.url()));
		assertThat(answer).startsWith(CALLBACK);
		assertThat(Browser.queryOf(answer)).containsEntry("error", "interaction_required")
			.containsEntry("state", silentStepUp.state())
			.doesNotContainKey("code");

		OidcClient.Request silentReauth = portal.authorizationRequest("openid",
				Map.of("max_age", "0", "prompt", "none"));
		assertThat(Browser.queryOf(Browser.location(browser.get(silentReauth.url())))).containsEntry("error",
				"login_required");
	}

	@Test
	void discoveryListsTheLevels() {
		HttpResponse<String> discovery = new Browser().get(ISSUER + "/.well-known/openid-configuration");
		assertThat(discovery.body()).contains("\"acr_values_supported\"").contains(MFA)
			.contains("urn:sesame:loa:pwd");
	}

	/** Enrols an authenticator app for the agent through the admin client, whose roles always need one. */
	static byte[] enrol(SecondFactorPages pages, String login) {
		OidcClient admin = new OidcClient(ISSUER, "sesame-admin", "sesame-admin-secret-change-me-0123456789abcdef",
				CALLBACK);
		HttpResponse<String> enrolment = pages.signInWithPassword(admin, admin.authorizationRequest("openid"), login);
		assertThat(enrolment.uri().getPath()).isEqualTo("/mfa/enrol");
		byte[] secret = SecondFactorPages.secretOf(enrolment);
		HttpResponse<String> codes = pages.submit(enrolment, "/mfa/enrol/totp",
				Map.of("code", SecondFactorPages.codeNow(secret)));
		assertThat(SecondFactorPages.recoveryCodesOf(codes)).hasSize(10);
		return secret;
	}

	private static JWTClaimsSet idToken(OidcClient client, OidcClient.Request request, String callback)
			throws Exception {
		HttpResponse<JsonNode> tokens = client.exchange(client.code(callback, request), request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		return SignedTokens.verify(ISSUER, tokens.body().get("id_token").asText());
	}

}
