package fr.sesame.auth.admin.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An admin API request that gets an error answer: {@code {"error": …, "error_description": …}} with the status,
 * plus, for a refused import, the bad rows. Descriptions never echo a value of another commune.
 */
public final class AdminApiException extends RuntimeException {

	private final HttpStatus status;

	private final String error;

	private final Map<String, Object> details;

	private final String wwwAuthenticate;

	// Which rule a refused grant broke (a code of RoleGrants.Problem), for pages that say it in the reader's language;
	// not part of the API's body.
	private final String problem;

	private AdminApiException(HttpStatus status, String error, String description, Map<String, Object> details,
			String wwwAuthenticate) {
		this(status, error, description, details, wwwAuthenticate, null);
	}

	private AdminApiException(HttpStatus status, String error, String description, Map<String, Object> details,
			String wwwAuthenticate, String problem) {
		super(description, null, false, false);
		this.status = status;
		this.error = error;
		this.details = details;
		this.wwwAuthenticate = wwwAuthenticate;
		this.problem = problem;
	}

	public static AdminApiException badRequest(String description) {
		return new AdminApiException(HttpStatus.BAD_REQUEST, "invalid_request", description, Map.of(), null);
	}

	/** The same answer for what does not exist and what the caller may not see, so that neither is told apart. */
	public static AdminApiException notFound(String description) {
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

	/** A single grant refused: 400 (409 for a duplicate) with the description of the broken rule. */
	static AdminApiException grantRefused(RoleGrants.Problem problem) {
		boolean duplicate = "duplicate".equals(problem.error());
		return new AdminApiException(duplicate ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
				duplicate ? "conflict" : "invalid_request", problem.description(), Map.of(), null, problem.error());
	}

	/** A CSV import refused as a whole, with every bad row. */
	static AdminApiException badRows(List<Map<String, Object>> rows) {
		long lines = rows.stream().map((row) -> row.get("line")).distinct().count();
		String description = lines + ((lines == 1) ? " row is" : " rows are") + " invalid; nothing was imported";
		return new AdminApiException(HttpStatus.BAD_REQUEST, "invalid_import", description, Map.of("rows", rows),
				null);
	}

	public HttpStatus status() {
		return this.status;
	}

	/** For a refused grant, the code of the rule it broke ({@code unknown_agent}, {@code invalid_expiry}…); else null. */
	public String problem() {
		return this.problem;
	}

	/** The stable code: {@code invalid_request}, {@code not_found}, {@code invalid_import}… */
	public String error() {
		return this.error;
	}

	/** For a refused import: every bad row ({@code line}, {@code error}, {@code error_description}); else empty. */
	@SuppressWarnings("unchecked")
	public List<Map<String, Object>> rows() {
		Object rows = this.details.get("rows");
		return (rows instanceof List<?> list) ? (List<Map<String, Object>>) list : List.of();
	}

	String wwwAuthenticate() {
		return this.wwwAuthenticate;
	}

	public Map<String, Object> body() {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", this.error);
		body.put("error_description", getMessage());
		body.putAll(this.details);
		return body;
	}

}
