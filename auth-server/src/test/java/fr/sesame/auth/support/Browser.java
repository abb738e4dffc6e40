package fr.sesame.auth.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as far as the tests need one: its own cookie jar, redirects followed one by one so tests can look at
 * each, forms posted url-encoded.
 */
public final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String acceptLanguage;

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
		return send(request(url, headers).GET());
	}

	public HttpResponse<String> post(String url, Map<String, String> form) {
		return post(url, form, Map.of());
	}

	public HttpResponse<String> post(String url, Map<String, String> form, Map<String, String> headers) {
		return send(request(url, headers).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(encode(form))));
	}

	/** Posts a form with one file, as {@code enctype="multipart/form-data"} does. */
	public HttpResponse<String> postMultipart(String url, Map<String, String> fields, String fileField,
			String fileName, String fileType, byte[] content) {
		String boundary = "----sesame-test-" + java.util.UUID.randomUUID();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		java.io.PrintStream out = new java.io.PrintStream(body, true, StandardCharsets.UTF_8);
		fields.forEach((name, value) -> out.print("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
				+ "\"\r\n\r\n" + value + "\r\n"));
		out.print("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField + "\"; filename=\""
				+ fileName + "\"\r\nContent-Type: " + fileType + "\r\n\r\n");
		out.write(content, 0, content.length);
		out.print("\r\n--" + boundary + "--\r\n");
		return send(request(url, Map.of()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
	}

	/** Follows redirects while they stay on {@code origin}; returns the first response that is not one. */
	public HttpResponse<String> followWithin(String origin, HttpResponse<String> response) {
		HttpResponse<String> current = response;
		for (int hops = 0; hops < 10 && isRedirect(current); hops++) {
			String location = location(current);
			if (!location.startsWith(origin)) {
				return current;
			}
			current = get(location);
		}
		return current;
	}

	public java.util.Optional<String> cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> cookie.getName().equals(name))
			.map(java.net.HttpCookie::getValue)
			.findFirst();
	}

	public void setCookie(String origin, String name, String value) {
		java.net.HttpCookie cookie = new java.net.HttpCookie(name, value);
		cookie.setPath("/");
		cookie.setVersion(0);
		this.cookies.getCookieStore().add(URI.create(origin), cookie);
	}

	public static boolean isRedirect(HttpResponse<?> response) {
		return response.statusCode() >= 300 && response.statusCode() < 400;
	}

	public static String location(HttpResponse<?> response) {
		String location = response.headers().firstValue("Location").orElseThrow(
				() -> new AssertionError("no Location header in " + response.statusCode() + " " + response.uri()));
		return response.uri().resolve(location).toString();
	}

	public static String csrf(String html) {
		Matcher matcher = CSRF.matcher(html);
		if (!matcher.find()) {
			throw new AssertionError("no CSRF token in page: " + html.substring(0, Math.min(400, html.length())));
		}
		return matcher.group(1);
	}

	public static Map<String, String> queryOf(String url) {
		return formOf(URI.create(url).getRawQuery());
	}

	/** The parameters of an answer in the URL's fragment (response_mode=fragment). */
	public static Map<String, String> fragmentOf(String url) {
		return formOf(URI.create(url).getRawFragment());
	}

	private static Map<String, String> formOf(String raw) {
		Map<String, String> query = new LinkedHashMap<>();
		if (raw == null) {
			return query;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
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

	/** A browser's headers, replaced by any of {@code headers} with the same name. */
	private HttpRequest.Builder request(String url, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
			.header("Accept", "text/html,application/xhtml+xml")
			.header("Accept-Language", this.acceptLanguage)
			.timeout(Duration.ofSeconds(30));
		headers.forEach(request::setHeader);
		return request;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
