package fr.sesame.auth.admin.api;

import java.util.regex.Pattern;

import fr.sesame.auth.client.ClientProperties;
import fr.sesame.auth.web.PrintableText;

/**
 * The syntax of every value the admin API reads from a path, a query or a body, checked before the value goes
 * anywhere (an index scan, a Redis key, an audit entry): lengths, character sets, no control characters.
 */
public final class AdminInput {

	/** As ldap-sync defines commune ids. */
	private static final Pattern COMMUNE_ID = Pattern.compile("[a-z0-9-]{2,40}");

	private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	private static final Pattern ROLE = Pattern.compile(ClientProperties.ROLE_NAME);

	private static final Pattern ASSIGNMENT_ID = Pattern
		.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

	static final int MAX_LOGIN_LENGTH = 256;

	static final int MAX_QUERY_LENGTH = 64;

	static final int DEFAULT_LIMIT = 20;

	static final int MAX_LIMIT = 100;

	private AdminInput() {
	}

	/** @return the commune id, or {@code null} when it cannot be one (then it does not exist) */
	public static String communeId(String value) {
		return (value != null && COMMUNE_ID.matcher(value).matches()) ? value : null;
	}

	static boolean isClientId(String value) {
		return value != null && CLIENT_ID.matcher(value).matches();
	}

	static boolean isRole(String value) {
		return value != null && ROLE.matcher(value).matches();
	}

	public static boolean isAssignmentId(String value) {
		return value != null && ASSIGNMENT_ID.matcher(value).matches();
	}

	/** A login as typed: {@code jdupont} or {@code jdupont@rivebelle.fr}; printable, no surrounding spaces. */
	public static boolean isLogin(String value) {
		return value != null && !value.isEmpty() && value.length() <= MAX_LOGIN_LENGTH && value.strip().equals(value)
				&& PrintableText.isPrintable(value);
	}

	/** A search: up to 64 printable characters; empty lists the first agents. */
	public static String query(String value) {
		if (value == null) {
			return "";
		}
		String query = value.strip();
		if (query.length() > MAX_QUERY_LENGTH || !PrintableText.isPrintable(query)) {
			throw AdminApiException.badRequest("q must be at most " + MAX_QUERY_LENGTH + " printable characters");
		}
		return query;
	}

	static int limit(String value) {
		if (value == null || value.isEmpty()) {
			return DEFAULT_LIMIT;
		}
		if (value.length() > 3 || !value.chars().allMatch((c) -> c >= '0' && c <= '9')) {
			throw AdminApiException.badRequest("limit must be a number between 1 and " + MAX_LIMIT);
		}
		int limit = Integer.parseInt(value);
		if (limit < 1 || limit > MAX_LIMIT) {
			throw AdminApiException.badRequest("limit must be a number between 1 and " + MAX_LIMIT);
		}
		return limit;
	}

}
