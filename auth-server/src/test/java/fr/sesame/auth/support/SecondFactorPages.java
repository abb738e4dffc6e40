package fr.sesame.auth.support;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.sesame.auth.mfa.totp.Base32;
import fr.sesame.auth.mfa.totp.Totp;

/**
 * The second-factor pages as an agent uses them: reads the enrolment secret that the page shows as text (what an
 * agent types into its app), computes codes from it as the app would, and posts the forms.
 */
public final class SecondFactorPages {

	private static final Pattern SECRET = Pattern.compile("<code id=\"secret\"[^>]*>([^<]+)</code>");

	private static final Pattern RECOVERY_CODE = Pattern.compile("<li><code>([a-z0-9-]+)</code></li>");

	private static final Pattern CONTINUE = Pattern.compile("<a id=\"continue\"[^>]*href=\"([^\"]+)\"");

	/** The authenticator app: RFC 6238 with the defaults that common apps use. */
	public static final Totp APP = new Totp(Totp.Algorithm.SHA1, 6, Duration.ofSeconds(30));

	private final String issuer;

	private final Browser browser;

	public SecondFactorPages(String issuer, Browser browser) {
		this.issuer = issuer;
		this.browser = browser;
	}

	/** Starts an authorization request and signs in with the password; returns the page where that leads. */
	public HttpResponse<String> signInWithPassword(OidcClient client, OidcClient.Request request, String login) {
		HttpResponse<String> page = this.browser.followWithin(this.issuer, this.browser.get(request.url()));
		if (page.statusCode() == 200 && page.body().contains("name=\"password\"")) {
			return postPassword(page, login);
		}
		return page;
	}

	public HttpResponse<String> postPassword(HttpResponse<String> loginPage, String login) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", Browser.csrf(loginPage.body()));
		form.put("username", login);
		form.put("password", OidcClient.DEMO_PASSWORD);
		form.put("commune", "");
		return this.browser.followWithin(this.issuer, this.browser.post(this.issuer + "/login", form));
	}

	/** The secret shown on the enrolment page, as bytes. */
	public static byte[] secretOf(HttpResponse<String> enrolmentPage) {
		Matcher matcher = SECRET.matcher(enrolmentPage.body());
		if (!matcher.find()) {
			throw new AssertionError("no secret on the page: " + enrolmentPage.uri() + "\n" + enrolmentPage.body());
		}
		return Base32.decode(matcher.group(1));
	}

	public static String codeNow(byte[] secret) {
		return APP.code(secret, APP.stepAt(Instant.now()));
	}

	/** The code of the next time step: accepted within the ±1 window, and never used before. */
	public static String nextCode(byte[] secret) {
		return APP.code(secret, APP.stepAt(Instant.now()) + 1);
	}

	public static List<String> recoveryCodesOf(HttpResponse<String> page) {
		List<String> codes = new ArrayList<>();
		Matcher matcher = RECOVERY_CODE.matcher(page.body());
		while (matcher.find()) {
			codes.add(matcher.group(1));
		}
		return codes;
	}

	/** Posts a form of the page (its CSRF token included) and follows the redirects that stay on auth-server. */
	public HttpResponse<String> submit(HttpResponse<String> page, String path, Map<String, String> fields) {
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.put("_csrf", Browser.csrf(page.body()));
		return this.browser.followWithin(this.issuer, this.browser.post(this.issuer + path, form));
	}

	/** The link that a page offers to go on (after recovery codes), followed. */
	public HttpResponse<String> continueFrom(HttpResponse<String> page) {
		Matcher matcher = CONTINUE.matcher(page.body());
		if (!matcher.find()) {
			throw new AssertionError("no continue link on " + page.uri() + "\n" + page.body());
		}
		String url = matcher.group(1).replace("&amp;", "&");
		return this.browser.followWithin(this.issuer, this.browser.get(url.startsWith("http") ? url : this.issuer + url));
	}

}
