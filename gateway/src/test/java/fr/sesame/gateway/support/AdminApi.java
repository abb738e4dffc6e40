package fr.sesame.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * auth-server's admin REST API as a script calls it: a demo admin signs in through the {@code sesame-admin} client
 * (authorization code with PKCE, password, then the second factor admins always need: the first sign-in enrols an
 * authenticator app), and its bearer token goes with every call. One sign-in per admin per test run: the server
 * accepts each TOTP code once, so the token is kept.
 */
public final class AdminApi {

	public static final String CLIENT_ID = "sesame-admin";

	private static final String SECRET = "sesame-admin-secret-change-me-0123456789abcdef";

	private static final String CALLBACK = "http://127.0.0.1:9999/callback";

	private static final String PASSWORD = "Sesame-Demo-2026";

	private static final Pattern SECRET_KEY = Pattern.compile("<code id=\"secret\"[^>]*>([^<]+)</code>");

	private static final Pattern CONTINUE = Pattern.compile("<a id=\"continue\"[^>]*href=\"([^\"]+)\"");

	private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

	private static final Map<String, String> TOKENS = new LinkedHashMap<>();

	private final String issuer;

	private final String token;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private AdminApi(String issuer, String token) {
		this.issuer = issuer;
		this.token = token;
	}

	/** The admin {@code login} (e.g. {@code zdarc@rivebelle.fr}, Rivebelle's commune admin), signed in once. */
	public static synchronized AdminApi as(AuthServerProcess authServer, String login) {
		String token = TOKENS.computeIfAbsent(authServer.issuer() + " " + login,
				(key) -> signIn(authServer.issuer(), login));
		return new AdminApi(authServer.issuer(), token);
	}

	/** {@code POST <path>} with a JSON body. */
	public HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	public HttpResponse<String> delete(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.issuer + path)).DELETE());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.header("Authorization", "Bearer " + this.token)
				.header("Accept", "application/json")
				.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String signIn(String issuer, String login) {
		Browser browser = new Browser();
		String verifier = randomText();
		HttpResponse<String> loginPage = browser.open(issuer + "/oauth2/authorize?response_type=code&client_id="
				+ CLIENT_ID + "&redirect_uri=" + encode(CALLBACK) + "&scope=" + encode("openid sesame.admin")
				+ "&state=admin&code_challenge=" + challenge(verifier) + "&code_challenge_method=S256");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", Browser.csrf(loginPage.body()));
		form.put("username", login);
		form.put("password", PASSWORD);
		form.put("commune", "");
		HttpResponse<String> enrolment = browser.follow(browser.post(issuer + "/login", form));
		if (!enrolment.uri().getPath().equals("/mfa/enrol")) {
			throw new IllegalStateException("expected the enrolment of " + login + "'s authenticator app, got "
					+ enrolment.uri() + " (an admin signs in once per test run)");
		}
		AuthenticatorApp app = new AuthenticatorApp(group(SECRET_KEY, enrolment.body()));
		HttpResponse<String> recoveryCodes = browser.follow(browser.post(issuer + "/mfa/enrol/totp",
				Map.of("_csrf", Browser.csrf(enrolment.body()), "code", app.nextCode())));
		HttpResponse<String> response = browser.get(group(CONTINUE, recoveryCodes.body()).replace("&amp;", "&"));
		for (int hops = 0; hops < 10 && Browser.isRedirect(response); hops++) {
			String location = Browser.location(response);
			if (location.startsWith(CALLBACK)) {
				return exchange(issuer, Browser.queryOf(location).get("code"), verifier);
			}
			response = browser.get(location);
		}
		throw new IllegalStateException("no authorization code for " + login + ": " + response.uri());
	}

	private static String exchange(String issuer, String code, String verifier) {
		String body = Browser.encode(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
				CALLBACK, "code_verifier", verifier));
		String basic = Base64.getEncoder()
			.encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
		try {
			HttpResponse<String> tokens = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(issuer + "/oauth2/token"))
					.header("Authorization", "Basic " + basic)
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			return group(ACCESS_TOKEN, tokens.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String group(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		if (!matcher.find()) {
			throw new IllegalStateException(pattern + " not found in " + text);
		}
		return matcher.group(1);
	}

	private static String randomText() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String challenge(String verifier) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
