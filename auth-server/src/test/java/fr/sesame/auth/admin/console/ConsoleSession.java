package fr.sesame.auth.admin.console;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.SecondFactorPages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as an admin uses it in a browser without script: opens {@code /console}, signs in with the password
 * on the login page, enrols its authenticator app at the first sign-in (or answers the challenge with a code not used
 * yet afterwards), and lands on the console; then reads pages and posts their forms with their CSRF token. One
 * instance per server: enrolments live as long as the server does.
 */
final class ConsoleSession {

	private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"\\s+value=\"[^\"]+\"");

	private final String issuer;

	private final Map<String, byte[]> secrets = new HashMap<>();

	ConsoleSession(String issuer) {
		this.issuer = issuer;
	}

	/** A browser signed in to the console as the admin, second factor included. */
	synchronized Browser signIn(String login) {
		Browser browser = new Browser();
		HttpResponse<String> page = signInWithPassword(browser, login);
		SecondFactorPages pages = new SecondFactorPages(this.issuer, browser);
		if (page.uri().getPath().equals("/mfa/enrol")) {
			byte[] secret = SecondFactorPages.secretOf(page);
			this.secrets.put(login, secret);
			HttpResponse<String> codes = pages.submit(page, "/mfa/enrol/totp",
					Map.of("code", SecondFactorPages.codeNow(secret)));
			page = pages.continueFrom(codes);
		}
		else if (page.uri().getPath().equals("/mfa") && this.secrets.containsKey(login)) {
			// Each code is accepted once: the enrolment used the current step's, so answer with the next one.
			page = pages.submit(page, "/mfa/totp", Map.of("code", SecondFactorPages.nextCode(this.secrets.get(login))));
		}
		assertThat(page.uri().getPath()).as(login + " lands on the console: " + page.body()).isEqualTo("/console");
		assertThat(page.statusCode()).isEqualTo(200);
		return browser;
	}

	/** Opens the console with the password only: where the second factor is asked. */
	HttpResponse<String> signInWithPassword(Browser browser, String login) {
		HttpResponse<String> loginPage = browser.followWithin(this.issuer, browser.get(this.issuer + "/console"));
		assertThat(loginPage.uri().getPath()).isEqualTo("/login");
		return new SecondFactorPages(this.issuer, browser).postPassword(loginPage, login);
	}

	HttpResponse<String> get(Browser browser, String path) {
		return browser.get(this.issuer + path);
	}

	/** Posts a form with a CSRF token of the admin's session (read from the console's home page). */
	HttpResponse<String> post(Browser browser, String path, Map<String, String> fields) {
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.put("_csrf", csrf(browser));
		return browser.post(this.issuer + path, form);
	}

	/** Posts a file as the import form does (multipart/form-data), with the session's CSRF token. */
	HttpResponse<String> upload(Browser browser, String path, String fileName, String content) {
		return browser.postMultipart(this.issuer + path, Map.of("_csrf", csrf(browser)), "file", fileName,
				"text/csv", content.getBytes(StandardCharsets.UTF_8));
	}

	String csrf(Browser browser) {
		return Browser.csrf(get(browser, "/console").body());
	}

	/** The page without what changes at every rendering (the masked CSRF tokens). */
	static String stable(String html) {
		return CSRF_FIELD.matcher(html).replaceAll("name=\"_csrf\"");
	}

	static String firstMatch(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		assertThat(matcher.find()).as(pattern + " in " + text).isTrue();
		return matcher.group(1);
	}

}
