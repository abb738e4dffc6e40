package fr.sesame.auth.login;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.LocaleResolver;

/**
 * French first, English on request: the language chosen with the visible switch (kept in a cookie) wins, then the
 * {@code ui_locales} of the authorization request being answered (the relying party's own language), then the
 * browser's {@code Accept-Language} if it prefers one of the two, then French.
 */
public final class LoginLocaleResolver implements LocaleResolver {

	static final String COOKIE = "sesame_lang";

	static final List<Locale> SUPPORTED = List.of(Locale.FRENCH, Locale.ENGLISH);

	@Override
	public Locale resolveLocale(HttpServletRequest request) {
		Locale chosen = supported(request.getParameter("lang"));
		if (chosen != null) {
			return chosen;
		}
		if (request.getCookies() != null) {
			for (Cookie cookie : request.getCookies()) {
				if (COOKIE.equals(cookie.getName()) && supported(cookie.getValue()) != null) {
					return supported(cookie.getValue());
				}
			}
		}
		// ui_locales is a space-separated list of language tags, in order of preference.
		Locale asked = PendingAuthorization.parameter(request, "ui_locales")
			.map((locales) -> preferred(locales.replace(' ', ',')))
			.orElse(null);
		if (asked != null) {
			return asked;
		}
		Locale accepted = preferred(request.getHeader("Accept-Language"));
		return (accepted != null) ? accepted : Locale.FRENCH;
	}

	/** The supported language a list of ranges ({@code en-GB,en;q=0.9}) prefers, or null. */
	private static Locale preferred(String ranges) {
		if (ranges == null) {
			return null;
		}
		try {
			return Locale.lookup(Locale.LanguageRange.parse(ranges), SUPPORTED);
		}
		catch (IllegalArgumentException ex) {
			// A malformed list is no reason to fail the page.
			return null;
		}
	}

	@Override
	public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
		Locale supported = (locale != null) ? supported(locale.getLanguage()) : null;
		if (supported == null) {
			return;
		}
		response.addHeader("Set-Cookie", ResponseCookie.from(COOKIE, supported.getLanguage())
			.path(request.getContextPath() + "/")
			.maxAge(java.time.Duration.ofDays(365))
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax")
			.build()
			.toString());
	}

	private static Locale supported(String language) {
		if (language == null) {
			return null;
		}
		return SUPPORTED.stream().filter((l) -> l.getLanguage().equals(language)).findFirst().orElse(null);
	}

}
