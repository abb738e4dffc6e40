package fr.sesame.auth.mfa;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.audit.AuditEvent;
import org.springframework.boot.actuate.audit.AuditEventRepository;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.SecondFactorPages;
import fr.sesame.auth.support.SignedTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second factor through the pages, as an agent meets it: enrolment of an authenticator app when a client
 * requires it, verification, replay, throttling, recovery codes; then the tokens that say how the agent signed in.
 */
class SecondFactorFlowTest extends DemoServerTest {

	private static final String CALLBACK = "http://127.0.0.1:9999/callback";

	@Autowired
	private AuditEventRepository auditEvents;

	private OidcClient finances() {
		return new OidcClient(ISSUER, "demo-finances", "demo-finances-secret-change-me-0123456789abcdef", CALLBACK);
	}

	@Test
	void clientRequiringMfaNeverGetsACodeForAPasswordOnlySession() {
		Browser browser = new Browser();
		SecondFactorPages pages = new SecondFactorPages(ISSUER, browser);
		OidcClient client = finances();
		HttpResponse<String> afterPassword = pages.signInWithPassword(client, client.authorizationRequest("openid"),
				"hlefevre@rivebelle.fr");
		assertThat(afterPassword.statusCode()).isEqualTo(200);
		assertThat(afterPassword.uri().getPath()).isEqualTo("/mfa/enrol");
		assertThat(afterPassword.body()).contains("<svg").contains("id=\"secret\"").doesNotContain("Plus tard");
		// Asking again, even without the page in between, never yields a code.
		HttpResponse<String> again = browser.get(client.authorizationRequest("openid").url());
		assertThat(Browser.location(again)).isEqualTo(ISSUER + "/mfa/enrol");
		assertThat(Browser.location(again)).doesNotContain("code=");
	}

	@Test
	void enrolmentThenVerificationGivesMultiFactorTokensAndAReplayedCodeIsRefused() throws Exception {
		Browser browser = new Browser();
		SecondFactorPages pages = new SecondFactorPages(ISSUER, browser);
		OidcClient client = finances();
		OidcClient.Request request = client.authorizationRequest("openid profile");
		HttpResponse<String> enrolment = pages.signInWithPassword(client, request, "jloneil@rivebelle.fr");
		byte[] secret = SecondFactorPages.secretOf(enrolment);

		HttpResponse<String> wrong = pages.submit(enrolment, "/mfa/enrol/totp", Map.of("code", "000000"));
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).contains("id=\"error-summary\"");
		assertThat(SecondFactorPages.secretOf(wrong)).as("the same secret, already scanned").isEqualTo(secret);

		String enrolCode = SecondFactorPages.codeNow(secret);
		HttpResponse<String> codesPage = pages.submit(wrong, "/mfa/enrol/totp", Map.of("code", enrolCode));
		assertThat(codesPage.statusCode()).isEqualTo(200);
		List<String> recoveryCodes = SecondFactorPages.recoveryCodesOf(codesPage);
		assertThat(recoveryCodes).hasSize(10).doesNotHaveDuplicates();

		HttpResponse<String> callback = pages.continueFrom(codesPage);
		JWTClaimsSet idToken = idToken(client, request, Browser.location(callback));
		assertThat(idToken.getStringClaim("acr")).isEqualTo("urn:sesame:loa:mfa");
		assertThat(idToken.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");

		// Another browser, same agent: only the code is asked, and the code used at enrolment is refused.
		Browser other = new Browser();
		SecondFactorPages otherPages = new SecondFactorPages(ISSUER, other);
		OidcClient.Request second = client.authorizationRequest("openid");
		HttpResponse<String> challenge = otherPages.signInWithPassword(client, second, "jloneil@rivebelle.fr");
		assertThat(challenge.uri().getPath()).isEqualTo("/mfa");
		assertThat(challenge.body()).contains("name=\"code\"").doesNotContain("name=\"password\"");
		HttpResponse<String> replayed = otherPages.submit(challenge, "/mfa/totp", Map.of("code", enrolCode));
		assertThat(replayed.statusCode()).isEqualTo(401);
		assertThat(replayed.body()).contains("déjà servi");
		HttpResponse<String> accepted = otherPages.submit(replayed, "/mfa/totp",
				Map.of("code", SecondFactorPages.nextCode(secret)));
		assertThat(Browser.location(accepted)).startsWith(CALLBACK);
		assertThat(idToken(client, second, Browser.location(accepted)).getStringListClaim("amr")).contains("otp");

		String sub = idToken.getSubject();
		assertThat(types(sub)).contains("MFA_ENROLLED", "MFA_VERIFIED", "MFA_FAILED");
	}

	@Test
	void wrongCodesAreThrottledEvenWhenTheRightOneFollows() {
		Browser browser = new Browser();
		SecondFactorPages pages = new SecondFactorPages(ISSUER, browser);
		OidcClient client = finances();
		HttpResponse<String> enrolment = pages.signInWithPassword(client, client.authorizationRequest("openid"),
				"mcdaragon@montclair.fr");
		byte[] secret = SecondFactorPages.secretOf(enrolment);
		HttpResponse<String> page = enrolment;
		for (int attempt = 0; attempt < 5; attempt++) {
			page = pages.submit(page, "/mfa/enrol/totp", Map.of("code", "12345" + attempt));
			assertThat(page.statusCode()).isEqualTo(401);
		}
		HttpResponse<String> refused = pages.submit(page, "/mfa/enrol/totp",
				Map.of("code", SecondFactorPages.codeNow(secret)));
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(refused.body()).doesNotContain("id=\"recovery-codes\"");
	}

	@Test
	void aRecoveryCodeWorksOnceThenNeverAgain() throws Exception {
		Browser browser = new Browser();
		SecondFactorPages pages = new SecondFactorPages(ISSUER, browser);
		OidcClient client = finances();
		HttpResponse<String> enrolment = pages.signInWithPassword(client, client.authorizationRequest("openid"),
				"lrousseau@montclair.fr");
		byte[] secret = SecondFactorPages.secretOf(enrolment);
		HttpResponse<String> codesPage = pages.submit(enrolment, "/mfa/enrol/totp",
				Map.of("code", SecondFactorPages.codeNow(secret)));
		String recoveryCode = SecondFactorPages.recoveryCodesOf(codesPage).get(3);

		Browser lostPhone = new Browser();
		SecondFactorPages lostPages = new SecondFactorPages(ISSUER, lostPhone);
		OidcClient.Request request = client.authorizationRequest("openid");
		HttpResponse<String> challenge = lostPages.signInWithPassword(client, request, "lrousseau@montclair.fr");
		// Typed as an agent would copy it from paper: upper case, spaces instead of dashes.
		HttpResponse<String> used = lostPages.submit(challenge, "/mfa/recovery",
				Map.of("recoveryCode", recoveryCode.toUpperCase().replace('-', ' ')));
		assertThat(used.statusCode()).isEqualTo(200);
		assertThat(used.body()).contains("9 codes de secours");
		HttpResponse<String> callback = lostPages.continueFrom(used);
		assertThat(idToken(client, request, Browser.location(callback)).getStringClaim("acr"))
			.isEqualTo("urn:sesame:loa:mfa");

		Browser again = new Browser();
		SecondFactorPages againPages = new SecondFactorPages(ISSUER, again);
		HttpResponse<String> secondChallenge = againPages.signInWithPassword(client,
				client.authorizationRequest("openid"), "lrousseau@montclair.fr");
		HttpResponse<String> reused = againPages.submit(secondChallenge, "/mfa/recovery",
				Map.of("recoveryCode", recoveryCode));
		assertThat(reused.statusCode()).isEqualTo(401);
		assertThat(reused.uri().getPath()).isEqualTo("/mfa/recovery");
	}

	private JWTClaimsSet idToken(OidcClient client, OidcClient.Request request, String callback) throws Exception {
		HttpResponse<JsonNode> tokens = client.exchange(client.code(callback, request), request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		JWTClaimsSet idToken = SignedTokens.verify(ISSUER, tokens.body().get("id_token").asText());
		assertThat(idToken.getStringClaim("nonce")).isEqualTo(request.nonce());
		return idToken;
	}

	private List<String> types(String sub) {
		return this.auditEvents.find(sub, null, null).stream().map(AuditEvent::getType).toList();
	}

}
