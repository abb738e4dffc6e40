package fr.sesame.auth.mfa.passkey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.OidcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent's browser running the passkeys page's script: pages and forms as {@link Browser} does, plus the JSON calls
 * of {@code passkeys.js} with the CSRF header, all in one cookie jar so that the session (and its id, which changes
 * when a factor is added) is the same for both.
 */
final class AgentBrowser {

	static final String SESSION_COOKIE = "SESAME_SESSION";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String issuer;

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String acceptLanguage;

	AgentBrowser(String issuer) {
		this(issuer, "fr-FR,fr;q=0.9");
	}

	AgentBrowser(String issuer, String acceptLanguage) {
		this.issuer = issuer;
		this.acceptLanguage = acceptLanguage;
	}

	/** A browser where {@code login} signed in with the demo password, outside any authorization request. */
	static AgentBrowser signedIn(String issuer, String login) {
		AgentBrowser browser = new AgentBrowser(issuer);
		browser.signIn(login);
		return browser;
	}

	void signIn(String login) {
		HttpResponse<String> page = get("/login");
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", Browser.csrf(page.body()));
		form.put("username", login);
		form.put("password", OidcClient.DEMO_PASSWORD);
		form.put("commune", "");
		HttpResponse<String> posted = postForm("/login", form);
		assertThat(Browser.location(posted)).as("signed in as " + login).doesNotContain("error");
	}

	HttpResponse<String> get(String pathOrUrl) {
		return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", "text/html").GET());
	}

	HttpResponse<String> postForm(String path, Map<String, String> form) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Accept", "text/html")
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(Browser.encode(form))));
	}

	/** A form of the page, with the page's CSRF token. */
	HttpResponse<String> submit(HttpResponse<String> page, String path, Map<String, String> fields) {
		Map<String, String> form = new LinkedHashMap<>(fields);
		form.put("_csrf", Browser.csrf(page.body()));
		return postForm(path, form);
	}

	/** What the page's script posts: JSON, with the CSRF token of the session in the header. */
	JsonAnswer postJson(String path, JsonNode body) {
		return postJson(path, body, "POST");
	}

	JsonAnswer postJson(String path, JsonNode body, String method) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Accept", "application/json")
			.header("Content-Type", "application/json")
			.header("X-CSRF-TOKEN", csrfToken())
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body.toString())
					: HttpRequest.BodyPublishers.noBody());
		HttpResponse<String> response = send(request);
		JsonNode json;
		try {
			json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
		}
		catch (RuntimeException ex) {
			json = JSON.createObjectNode().put("unparsed", response.body());
		}
		return new JsonAnswer(response.statusCode(), json, response);
	}

	/** Follows redirects while they stay on the issuer; returns the first response that is not one. */
	HttpResponse<String> followWithin(HttpResponse<String> response) {
		HttpResponse<String> current = response;
		for (int hops = 0; hops < 10 && Browser.isRedirect(current); hops++) {
			String location = Browser.location(current);
			if (!location.startsWith(this.issuer)) {
				return current;
			}
			current = get(location);
		}
		return current;
	}

	String sessionId() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(SESSION_COOKIE))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	// Every page carries the session's token (the landing page's logout form at least); the token changes when a
	// factor is added, so it is read again for each call.
	private String csrfToken() {
		HttpResponse<String> page = get("/login");
		if (page.body().contains("name=\"_csrf\"")) {
			return Browser.csrf(page.body());
		}
		return Browser.csrf(get("/").body());
	}

	private URI uri(String pathOrUrl) {
		return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : this.issuer + pathOrUrl);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.header("Accept-Language", this.acceptLanguage)
				.timeout(Duration.ofSeconds(30))
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

	record JsonAnswer(int status, JsonNode body, HttpResponse<String> raw) {

	}

}
