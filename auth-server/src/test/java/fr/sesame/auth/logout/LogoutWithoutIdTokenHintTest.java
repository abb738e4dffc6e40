package fr.sesame.auth.logout;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RP-initiated logout from a relying party that does not send {@code id_token_hint} (a fixed sign-out address): the
 * agent confirms on a page of Sésame, then goes back to the client if it registered the address.
 */
class LogoutWithoutIdTokenHintTest extends DemoServerTest {

	private final OidcClient client = OidcClient.demoPortal(ISSUER);

	@Test
	void theAgentConfirmsThenGoesBackToTheClient() {
		Browser browser = signedIn();
		HttpResponse<String> page = browser.followWithin(ISSUER, browser.get(ISSUER + "/connect/logout?"
				+ Browser.encode(Map.of("client_id", "demo-portal", "post_logout_redirect_uri", "http://127.0.0.1:9999/",
						"state", "a b&c"))));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.uri().getPath()).isEqualTo("/signout");
		assertThat(page.body()).contains("Se déconnecter de Sésame ?").contains("Portail de démonstration");
		// Switching the language keeps the sign-out request.
		assertThat(page.body()).contains("client_id=demo-portal&amp;post_logout_redirect_uri=http://127.0.0.1:9999/"
				+ "&amp;state=a%20b%26c&amp;lang=en");
		// Showing the page ended nothing.
		assertThat(browser.get(ISSUER + "/").statusCode()).isEqualTo(200);

		HttpResponse<String> confirmed = browser.post(ISSUER + "/logout", formOf(page.body()));
		assertThat(Browser.location(confirmed)).isEqualTo("http://127.0.0.1:9999/?state=a%20b%26c");
		LoginForm.assertNotSignedIn(ISSUER, browser);
	}

	@Test
	void anAddressTheClientDidNotRegisterIsNeverVisited() {
		Browser browser = signedIn();
		HttpResponse<String> page = browser.followWithin(ISSUER, browser.get(ISSUER + "/connect/logout?"
				+ Browser.encode(Map.of("client_id", "demo-portal", "post_logout_redirect_uri", "https://evil.example/"))));
		// The form does not carry the address (only the language switch's links to this page repeat the request).
		Map<String, String> form = formOf(page.body());
		assertThat(form).doesNotContainKeys("client_id", "post_logout_redirect_uri", "state");
		assertThat(page.body()).doesNotContain("href=\"https://evil", "action=\"https://evil");

		form.put("client_id", "demo-portal");
		form.put("post_logout_redirect_uri", "https://evil.example/");
		HttpResponse<String> confirmed = browser.post(ISSUER + "/logout", form);
		assertThat(Browser.location(confirmed)).endsWith("/login?logout").doesNotContain("evil");
		LoginForm.assertNotSignedIn(ISSUER, browser);
	}

	@Test
	void anAgentAlreadySignedOutGoesStraightBack() {
		Browser browser = new Browser();
		HttpResponse<String> back = browser.get(ISSUER + "/connect/logout?" + Browser.encode(Map.of("client_id",
				"demo-portal", "post_logout_redirect_uri", "http://127.0.0.1:9999/", "state", "x")));
		assertThat(Browser.location(back)).contains("/signout?");
		assertThat(Browser.location(browser.get(absolute(Browser.location(back)))))
			.isEqualTo("http://127.0.0.1:9999/?state=x");

		HttpResponse<String> nowhere = browser.get(ISSUER + "/connect/logout");
		assertThat(Browser.location(browser.get(absolute(Browser.location(nowhere))))).endsWith("/login?logout");
	}

	@Test
	void theConfirmationNeedsTheFormsCsrfToken() {
		Browser browser = signedIn();
		HttpResponse<String> forged = browser.post(ISSUER + "/logout", new LinkedHashMap<>(Map.of("client_id",
				"demo-portal", "post_logout_redirect_uri", "http://127.0.0.1:9999/")));
		assertThat(forged.statusCode()).isEqualTo(403);
		assertThat(browser.get(ISSUER + "/").statusCode()).isEqualTo(200);
	}

	/** Java's client gets absolute locations from Tomcat where a browser gets the relative ones. */
	private static String absolute(String location) {
		return location.startsWith("/") ? ISSUER + location : location;
	}

	private Browser signedIn() {
		Browser browser = new Browser("fr");
		OidcClient.Request request = this.client.authorizationRequest("openid");
		this.client.signIn(browser, request, "jdupont@rivebelle.fr", OidcClient.DEMO_PASSWORD, null);
		assertThat(browser.get(ISSUER + "/").statusCode()).isEqualTo(200);
		return browser;
	}

	/** The hidden fields and the CSRF token of the page's logout form, as a browser would post them. */
	private static Map<String, String> formOf(String html) {
		Map<String, String> form = new LinkedHashMap<>();
		java.util.regex.Matcher input = java.util.regex.Pattern
			.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"\\s*/?>")
			.matcher(html);
		while (input.find()) {
			form.put(input.group(1), org.springframework.web.util.HtmlUtils.htmlUnescape(input.group(2)));
		}
		return form;
	}

}
