package fr.sesame.auth.login;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** The login page as a browser and an accessibility checker see it. */
class LoginPageTest extends DemoServerTest {

	@Test
	void pageIsFrenchByDefaultWithLabelledFieldsAndAutocomplete() {
		HttpResponse<String> page = new Browser("").get(ISSUER + "/login");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<html lang=\"fr\"")
			.contains("<label for=\"username\">Identifiant</label>")
			.contains("<label for=\"password\">Mot de passe</label>")
			.contains("autocomplete=\"username\"")
			.contains("autocomplete=\"current-password\"")
			.contains("<label for=\"commune\">Commune</label>")
			.contains(">Rivebelle</option>")
			.contains(">Montclair</option>")
			.doesNotContain("<script")
			.doesNotContain("style=");
	}

	@Test
	void englishFollowsAcceptLanguageAndTheSwitchIsRemembered() {
		assertThat(new Browser("en-GB,en;q=0.9").get(ISSUER + "/login").body()).contains("<html lang=\"en\"")
			.contains(">Password</label>");
		assertThat(new Browser("de-DE").get(ISSUER + "/login").body()).contains("<html lang=\"fr\"");

		Browser browser = new Browser("fr-FR");
		assertThat(browser.get(ISSUER + "/login?lang=en").body()).contains(">Sign in</button>");
		assertThat(browser.get(ISSUER + "/login").body()).contains(">Sign in</button>");
		assertThat(browser.get(ISSUER + "/login?lang=fr").body()).contains(">Se connecter</button>");
	}

	@Test
	void languageSwitchKeepsWhatDecidesThePageAndNeverAnotherParameter() {
		String page = new Browser("").get(ISSUER
				+ "/login?client_id=demo-portal&state=a%2Bb%20c%26d&password=Secret-Pw-1&username=jdupont&logout")
			.body();
		int start = page.indexOf("class=\"lang-switch\"");
		String languageSwitch = page.substring(start, page.indexOf("</ul>", start));
		assertThat(languageSwitch)
			.contains("href=\"?client_id=demo-portal&amp;state=a%2Bb%20c%26d&amp;logout&amp;lang=en\"")
			.contains("href=\"?client_id=demo-portal&amp;state=a%2Bb%20c%26d&amp;logout&amp;lang=fr\"")
			.doesNotContain("Secret-Pw-1")
			.doesNotContain("password")
			.doesNotContain("username");
		assertThat(new Browser("").get(ISSUER + "/login").body()).contains("href=\"?lang=en\"");
	}

	@Test
	void theRelyingPartysLoginHintFillsTheLoginAndItsUiLocalesChooseTheLanguage() {
		OidcClient client = OidcClient.demoPortal(ISSUER);
		Browser browser = new Browser("fr-FR");
		String page = browser.followWithin(ISSUER, browser.get(client.authorizationRequest("openid",
				Map.of("login_hint", "jdupont@montclair.fr", "ui_locales", "en-GB fr")).url())).body();
		assertThat(page).contains("<html lang=\"en\"").contains("value=\"jdupont@montclair.fr\"");

		// The agent's own choice of language wins over the relying party's.
		assertThat(browser.get(ISSUER + "/login?lang=fr").body()).contains("<html lang=\"fr\"");
		assertThat(browser.get(ISSUER + "/login").body()).contains("<html lang=\"fr\"");
	}

	@Test
	void hintsOnTheLoginPagesOwnUrlOrUnreadableOnesAreIgnored() {
		Browser browser = new Browser("fr-FR");
		assertThat(browser.get(ISSUER + "/login?login_hint=intrus&ui_locales=en").body())
			.contains("<html lang=\"fr\"")
			.doesNotContain("value=\"intrus\"");
		OidcClient client = OidcClient.demoPortal(ISSUER);
		String page = browser.followWithin(ISSUER, browser.get(client.authorizationRequest("openid",
				Map.of("login_hint", "a\u0007b", "ui_locales", "!!")).url())).body();
		assertThat(page).contains("<html lang=\"fr\"").doesNotContain("value=\"a");
	}

	@Test
	void responsesCarryTheSecurityHeaders() {
		HttpResponse<String> page = new Browser().get(ISSUER + "/login");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("frame-ancestors 'none'").contains("default-src 'none'"));
		assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
		assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
		assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
		assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(cache) -> assertThat(cache).contains("no-store"));
	}

	@Test
	void theErrorPageServesErrorsOnlyAndAnErrorIsAPageWithItsHeaders() {
		// Asked for directly, Spring Boot's error controller answered 500 (status 999): what scanners report.
		HttpResponse<String> direct = new Browser().get(ISSUER + "/error");
		assertThat(direct.statusCode()).isEqualTo(302);
		assertThat(Browser.location(direct)).endsWith("/login");

		HttpResponse<String> missing = new Browser().get(ISSUER + "/css/missing.css", Map.of("Accept", "text/html"));
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).contains("<html lang=\"fr\"");
		assertThat(missing.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(csp) -> assertThat(csp).contains("frame-ancestors 'none'"));
	}

	@Test
	void sessionCookieIsHttpOnlyAndSameSiteLax() {
		HttpResponse<String> page = new Browser().get(ISSUER + "/login");
		assertThat(page.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("SESAME_SESSION=")
				.contains("HttpOnly")
				.containsIgnoringCase("SameSite=Lax"));
	}

	@Test
	void formWithoutCsrfTokenIsRejectedAndSignsNobodyIn() {
		Browser browser = new Browser();
		browser.get(ISSUER + "/login");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", "jdupont@rivebelle.fr");
		form.put("password", OidcClient.DEMO_PASSWORD);
		HttpResponse<String> response = browser.post(ISSUER + "/login", form);
		assertThat(response.statusCode()).isEqualTo(403);
		LoginForm.assertNotSignedIn(ISSUER, browser);
	}

	@Test
	void errorSummaryIsAnnouncedAndLinksToTheField() {
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "jdupont@rivebelle.fr", "wrong",
				null);
		assertThat(page.body()).contains("role=\"alert\"")
			.contains("href=\"#username\"")
			.contains("aria-invalid=\"true\"")
			.contains("value=\"jdupont@rivebelle.fr\"")
			.doesNotContain("wrong");
		assertThat(page.headers().firstValue("Cache-Control")).hasValueSatisfying(
				(cache) -> assertThat(cache).contains("no-store"));
	}

}
