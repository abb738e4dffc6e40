package fr.sesame.auth.admin.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API as a script calls it: a bearer token, JSON or CSV bodies, the raw answer. */
final class AdminApiClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String issuer;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	AdminApiClient(String issuer) {
		this.issuer = issuer;
	}

	HttpResponse<String> get(String token, String path) {
		return send(token, "GET", path, null, null);
	}

	HttpResponse<String> delete(String token, String path) {
		return send(token, "DELETE", path, null, null);
	}

	HttpResponse<String> post(String token, String path, String json) {
		return send(token, "POST", path, "application/json", json);
	}

	HttpResponse<String> patch(String token, String path, String json) {
		return send(token, "PATCH", path, "application/json", json);
	}

	HttpResponse<String> postCsv(String token, String path, String csv) {
		return send(token, "POST", path, "text/csv; charset=utf-8", csv);
	}

	HttpResponse<String> send(String token, String method, String path, String contentType, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

	static String quote(String value) {
		return JSON.writeValueAsString(value);
	}

}
