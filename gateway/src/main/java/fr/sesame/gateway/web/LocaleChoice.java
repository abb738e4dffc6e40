package fr.sesame.gateway.web;

import java.util.List;
import java.util.Locale;

import org.springframework.web.server.ServerWebExchange;

/**
 * French first, English when asked for: a {@code lang} query parameter, else the browser's {@code Accept-Language}.
 */
public final class LocaleChoice {

	public static final Locale FRENCH = Locale.FRENCH;

	public static final Locale ENGLISH = Locale.ENGLISH;

	private static final List<Locale> SUPPORTED = List.of(FRENCH, ENGLISH);

	private LocaleChoice() {
	}

	public static Locale of(ServerWebExchange exchange) {
		String asked = exchange.getRequest().getQueryParams().getFirst("lang");
		if ("en".equals(asked)) {
			return ENGLISH;
		}
		if ("fr".equals(asked)) {
			return FRENCH;
		}
		try {
			List<Locale.LanguageRange> ranges = exchange.getRequest().getHeaders().getAcceptLanguage();
			Locale best = Locale.lookup(ranges, SUPPORTED);
			return (best != null) ? best : FRENCH;
		}
		catch (RuntimeException ex) {
			return FRENCH;
		}
	}

}
