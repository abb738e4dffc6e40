package fr.sesame.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the tests need one: its own cookie jar (cookies ignore ports, as in real browsers), redirects
 * followed one at a time so that each hop can be looked at, forms posted url-encoded, French unless told otherwise.
 */
public final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	private final String acceptLanguage;

	private final List<String> visited = new ArrayList<>();

	public Browser() {
		this("fr-FR,fr;q=0.9");
	}

	public Browser(String acceptLanguage) {
		this.acceptLanguage = acceptLanguage;
	}

	public HttpResponse<String> get(String url) {
		return get(url, Map.of());
	}

	public HttpResponse<String> get(String url, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
		headers.forEach(request::header);
		if (!headers.containsKey("Accept")) {
			request.header("Accept", "text/html,application/xhtml+xml");
		}
		return send(request);
	}

	public HttpResponse<String> post(String url, Map<String, String> form) {
		return send(HttpRequest.newBuilder(URI.create(url))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form))));
	}

	/** Follows redirects wherever they go (at most 15); returns the first response that is not one. */
	public HttpResponse<String> follow(HttpResponse<String> response) {
		HttpResponse<String> current = response;
		for (int hops = 0; hops < 15 && isRedirect(current); hops++) {
			current = get(location(current));
		}
		return current;
	}

	/** GET then follow. */
	public HttpResponse<String> open(String url) {
		return follow(get(url));
	}

	/** Every URL requested so far, in order: to check where redirects went. */
	public List<String> visited() {
		return List.copyOf(this.visited);
	}

	public Optional<String> cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst();
	}

	public void setCookie(String origin, String name, String value) {
		HttpCookie cookie = new HttpCookie(name, value);
		cookie.setPath("/");
		cookie.setVersion(0);
		this.cookies.getCookieStore().add(URI.create(origin), cookie);
	}

	public void clearCookies() {
		this.cookies.getCookieStore().removeAll();
	}

	public static boolean isRedirect(HttpResponse<?> response) {
		return response.statusCode() >= 300 && response.statusCode() < 400;
	}

	public static String location(HttpResponse<?> response) {
		String location = response.headers()
			.firstValue("Location")
			.orElseThrow(() -> new AssertionError("no Location in " + response.statusCode() + " " + response.uri()));
		return response.uri().resolve(location).toString();
	}

	public static String csrf(String html) {
		Matcher matcher = CSRF.matcher(html);
		if (!matcher.find()) {
			throw new AssertionError("no CSRF token in page: " + html.substring(0, Math.min(500, html.length())));
		}
		return matcher.group(1);
	}

	public static Map<String, String> queryOf(String url) {
		Map<String, String> query = new LinkedHashMap<>();
		String raw = URI.create(url).getRawQuery();
		if (raw == null) {
			return query;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			String key = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
			query.put(key, value);
		}
		return query;
	}

	public static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		HttpRequest built = request.header("Accept-Language", this.acceptLanguage).timeout(Duration.ofSeconds(60)).build();
		this.visited.add(built.uri().toString());
		try {
			return this.http.send(built, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
