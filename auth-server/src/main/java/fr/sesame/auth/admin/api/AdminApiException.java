package fr.sesame.auth.admin.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An admin API request that gets an error answer: {@code {"error": …, "error_description": …}} with the status,
 * plus, for a refused import, the bad rows. Descriptions never echo a value of another commune.
 */
final class AdminApiException extends RuntimeException {

	private final HttpStatus status;

	private final String error;

	private final Map<String, Object> details;

	private final String wwwAuthenticate;

	private AdminApiException(HttpStatus status, String error, String description, Map<String, Object> details,
			String wwwAuthenticate) {
		super(description, null, false, false);
		this.status = status;
		this.error = error;
		this.details = details;
		this.wwwAuthenticate = wwwAuthenticate;
	}

	static AdminApiException badRequest(String description) {
		return new AdminApiException(HttpStatus.BAD_REQUEST, "invalid_request", description, Map.of(), null);
	}

	/** The same answer for what does not exist and what the caller may not see, so that neither is told apart. */
	static AdminApiException notFound(String description) {
		return new AdminApiException(HttpStatus.NOT_FOUND, "not_found", description, Map.of(), null);
	}

	static AdminApiException forbidden(String description) {
		return new AdminApiException(HttpStatus.FORBIDDEN, "forbidden", description, Map.of(), null);
	}

	static AdminApiException conflict(String description) {
		return new AdminApiException(HttpStatus.CONFLICT, "conflict", description, Map.of(), null);
	}

	static AdminApiException of(HttpStatus status, String error, String description) {
		return new AdminApiException(status, error, description, Map.of(), null);
	}

	static AdminApiException invalidToken() {
		return new AdminApiException(HttpStatus.UNAUTHORIZED, "invalid_token", "The access token is no longer active",
				Map.of(), "Bearer error=\"invalid_token\"");
	}

	static AdminApiException secondFactorRequired() {
		return new AdminApiException(HttpStatus.UNAUTHORIZED, "insufficient_user_authentication",
				"Admins sign in with a second factor",
				Map.of(), "Bearer error=\"insufficient_user_authentication\", acr_values=\"urn:sesame:loa:mfa\"");
	}

	/** A CSV import refused as a whole, with every bad row. */
	static AdminApiException badRows(List<Map<String, Object>> rows) {
		long lines = rows.stream().map((row) -> row.get("line")).distinct().count();
		String description = lines + ((lines == 1) ? " row is" : " rows are") + " invalid; nothing was imported";
		return new AdminApiException(HttpStatus.BAD_REQUEST, "invalid_import", description, Map.of("rows", rows),
				null);
	}

	HttpStatus status() {
		return this.status;
	}

	String wwwAuthenticate() {
		return this.wwwAuthenticate;
	}

	Map<String, Object> body() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", this.error);
		body.put("error_description", getMessage());
		body.putAll(this.details);
		return body;
	}

}
