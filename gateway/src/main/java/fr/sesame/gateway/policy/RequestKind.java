package fr.sesame.gateway.policy;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;

/** Who is on the other end: a person with a browser, or a program calling an API. */
public enum RequestKind {

	/** Gets redirects and HTML pages. */
	BROWSER,

	/** Gets status codes, {@code WWW-Authenticate} and JSON: a bearer token or {@code Accept: application/json}. */
	API;

	/**
	 * A request is an API call when it carries a bearer token, or when it asks for JSON rather than HTML (a script
	 * cannot follow a redirect to a sign-in page).
	 */
	public static RequestKind of(ServerHttpRequest request) {
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return API;
		}
		List<MediaType> accepted;
		try {
			accepted = request.getHeaders().getAccept();
		}
		catch (RuntimeException ex) {
			return BROWSER;
		}
		boolean json = false;
		for (MediaType type : accepted) {
			if (type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType()) {
				return BROWSER;
			}
			json |= type.isCompatibleWith(MediaType.APPLICATION_JSON) && !type.isWildcardType()
					|| "json".equals(type.getSubtypeSuffix());
		}
		return json ? API : BROWSER;
	}

}
