package fr.sesame.auth.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * The start of the language switch's links ({@code templates/fragments.html}): a link reloads the same page in the
 * other language, so it keeps the request parameters that decide what the page shows — the signed-out notice, an
 * authorization request when the login page answers one, a relying party's sign-out request on the sign-out page —
 * and never any other: a page rendered after a POST must not copy a posted field (a password) into a link. Computed here rather than in the template, where the filtering was a
 * selection and a projection interpreted on every page.
 */
@Component("languageSwitch")
public class LanguageSwitch {

	private static final Set<String> KEPT = Set.of("logout", "client_id", "redirect_uri", "response_type", "scope",
			"state", "nonce", "code_challenge", "code_challenge_method", "prompt", "response_mode", "max_age",
			"login_hint", "ui_locales", "acr_values", "post_logout_redirect_uri");

	/**
	 * {@code ?} followed by each kept parameter ({@code name=value&}, or {@code name&} when empty) in the request's
	 * order, ready for {@code lang=…}.
	 * @param parameters the request's parameters, each name with its values (Thymeleaf's {@code param})
	 */
	public String linkPrefix(Map<String, ?> parameters) {
		StringBuilder prefix = new StringBuilder("?");
		for (Map.Entry<String, ?> parameter : parameters.entrySet()) {
			if (!KEPT.contains(parameter.getKey())) {
				continue;
			}
			prefix.append(encoded(parameter.getKey()));
			String value = first(parameter.getValue());
			if (!value.isEmpty()) {
				prefix.append('=').append(encoded(value));
			}
			prefix.append('&');
		}
		return prefix.toString();
	}

	/** RFC 3986 leaves {@code +} as it is in a query, but the servlet container reads it as a space. */
	private static String encoded(String text) {
		return UriUtils.encodeQueryParam(text, StandardCharsets.UTF_8).replace("+", "%2B");
	}

	/** Thymeleaf's {@code param} entries hold each parameter's values as the servlet request's array. */
	private static String first(Object values) {
		return (values instanceof String[] array && array.length > 0) ? array[0] : "";
	}

}
