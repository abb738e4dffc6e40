package fr.sesame.auth.support;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The login page as an agent uses it, outside of any authorization request. */
public final class LoginForm {

	private LoginForm() {
	}

	/** Posts the form and returns the login page that the refusal leads back to. */
	public static HttpResponse<String> refusedAttempt(String issuer, Browser browser, String login, String password,
			String commune) {
		HttpResponse<String> posted = post(issuer, browser, login, password, commune);
		assertThat(Browser.location(posted)).endsWith("/login?error");
		return browser.get(Browser.location(posted));
	}

	public static HttpResponse<String> post(String issuer, Browser browser, String login, String password,
			String commune) {
		HttpResponse<String> page = browser.get(issuer + "/login");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", Browser.csrf(page.body()));
		form.put("username", login);
		form.put("password", password);
		form.put("commune", (commune != null) ? commune : "");
		return browser.post(issuer + "/login", form);
	}

	/** The error summary of a login page, or "" when there is none. */
	public static String errorSummary(String html) {
		int start = html.indexOf("id=\"error-summary\"");
		return (start < 0) ? "" : html.substring(start, html.indexOf("</div>", start));
	}

	public static void assertNotSignedIn(String issuer, Browser browser) {
		HttpResponse<String> home = browser.get(issuer + "/");
		assertThat(Browser.isRedirect(home)).isTrue();
		assertThat(Browser.location(home)).endsWith("/login");
	}

}
