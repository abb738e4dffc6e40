package fr.sesame.auth.login;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Agents of both demo communes, through the login page. */
class CommuneSignInTest extends DemoServerTest {

	private final OidcClient client = OidcClient.demoPortal(ISSUER);

	@Test
	void agentOfTheActiveDirectoryCommuneSignsInWithNestedGroups() throws Exception {
		JWTClaimsSet idToken = signIn("jdupont@montclair.fr", null);
		assertThat(idToken.getStringClaim("commune")).isEqualTo("montclair");
		assertThat(idToken.getStringClaim("commune_name")).isEqualTo("Montclair");
		assertThat(idToken.getStringClaim("preferred_username")).isEqualTo("jdupont");
		assertThat(idToken.getStringListClaim("groups")).contains("agents");
	}

	@Test
	void bareLoginWithThePickedCommuneSignsIn() throws Exception {
		JWTClaimsSet idToken = signIn("jdupont", "montclair");
		assertThat(idToken.getStringClaim("commune")).isEqualTo("montclair");
	}

	@Test
	void windowsDownLevelLogonNameSignsInWhateverCommuneIsPicked() throws Exception {
		String subject = signIn("jdupont@montclair.fr", null).getSubject();
		assertThat(signIn("MONTCLAIR\\jdupont", null).getSubject()).isEqualTo(subject);
		assertThat(signIn("montclair\\jdupont", "rivebelle").getSubject()).isEqualTo(subject);
	}

	@Test
	void jdupontOfTwoCommunesGetsTwoDifferentSubjects() throws Exception {
		String rivebelle = signIn("jdupont@rivebelle.fr", null).getSubject();
		String montclair = signIn("jdupont@montclair.fr", null).getSubject();
		assertThat(rivebelle).isNotEqualTo(montclair);
		assertThat(signIn("jdupont", "rivebelle").getSubject()).isEqualTo(rivebelle);
	}

	@Test
	void disabledActiveDirectoryAccountIsRefused() {
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "pmoreau@montclair.fr", OidcClient.DEMO_PASSWORD, "");
		assertThat(page.statusCode()).isEqualTo(401);
		assertThat(page.body()).contains("Ce compte est désactivé");
	}

	@Test
	void disabledOpenLdapAccountIsRefusedThroughTheCommunesDisabledFilter() {
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "mbernard@rivebelle.fr",
				OidcClient.DEMO_PASSWORD, "");
		assertThat(page.body()).contains("Ce compte est désactivé");
	}

	@Test
	void expiredAccountIsRefused() {
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "gfontaine@montclair.fr",
				OidcClient.DEMO_PASSWORD, "");
		assertThat(page.body()).contains("a expiré");
	}

	@Test
	void lockedAccountSaysNoMoreThanAWrongPassword() {
		// A directory may report "locked" even for a wrong password: saying so would reveal that the account exists.
		HttpResponse<String> locked = LoginForm.refusedAttempt(ISSUER, new Browser(), "slegrand@rivebelle.fr",
				"any-password", "");
		HttpResponse<String> wrong = LoginForm.refusedAttempt(ISSUER, new Browser(), "nobody-here@rivebelle.fr",
				"any-password", "");
		assertThat(LoginForm.errorSummary(locked.body())).isEqualTo(LoginForm.errorSummary(wrong.body()));
	}

	@Test
	void nestedGroupMembershipReachesTheToken() throws Exception {
		JWTClaimsSet idToken = signIn("lrousseau@montclair.fr", null);
		assertThat(idToken.getStringListClaim("groups")).contains("mariages", "etat-civil", "agents");
		assertThat(idToken.getStringListClaim("roles")).contains("agent", "officier-etat-civil");
	}

	@Test
	void wrongPasswordIsRefusedLikeAnUnknownLogin() {
		HttpResponse<String> wrong = LoginForm.refusedAttempt(ISSUER, new Browser(), "jdupont@rivebelle.fr", "not-the-password", "");
		HttpResponse<String> unknown = LoginForm.refusedAttempt(ISSUER, new Browser(), "nobody-here@rivebelle.fr", "not-the-password", "");
		assertThat(wrong.statusCode()).isEqualTo(401);
		assertThat(wrong.body()).contains("Identifiant ou mot de passe incorrect.");
		assertThat(LoginForm.errorSummary(unknown.body())).isEqualTo(LoginForm.errorSummary(wrong.body()));
	}

	@Test
	void lastCommuneIsRememberedOnTheNextVisit() throws Exception {
		Browser browser = new Browser();
		OidcClient.Request request = this.client.authorizationRequest("openid");
		this.client.signIn(browser, request, "jdupont", OidcClient.DEMO_PASSWORD, "montclair");
		assertThat(browser.cookie("sesame_commune")).contains("montclair");
		HttpResponse<String> login = browser.get(ISSUER + "/login");
		assertThat(login.body()).containsPattern("<option value=\"montclair\"\\s+selected");
	}

	private JWTClaimsSet signIn(String login, String commune) throws Exception {
		OidcClient.Request request = this.client.authorizationRequest("openid profile email");
		String code = this.client.code(this.client.signIn(new Browser(), request, login, OidcClient.DEMO_PASSWORD,
				commune), request);
		HttpResponse<JsonNode> tokens = this.client.exchange(code, request.verifier());
		assertThat(tokens.statusCode()).isEqualTo(200);
		return SignedJWT.parse(tokens.body().path("id_token").asString()).getJWTClaimsSet();
	}
}
