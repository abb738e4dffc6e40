package fr.sesame.gateway.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.web.server.Cookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.lang.Nullable;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.session.CookieWebSessionIdResolver;
import org.springframework.web.server.session.WebSessionIdResolver;

/**
 * The gateway's session cookie as {@code server.reactive.session.cookie.*} describes it, with Spring's defaults
 * ({@code HttpOnly}, {@code SameSite=Lax}, {@code Secure} over https), written as a {@code Set-Cookie} header in
 * Spring's own format. Reactor Netty's cookie encoder spells the attribute {@code HTTPOnly}: valid (RFC 6265 §5.2
 * reads attribute names case-insensitively) and honoured by browsers, but reported as missing by scanners that look
 * for {@code HttpOnly}, so that every audit of the gateway's session cookie had to explain it away.
 */
final class SessionCookie implements WebSessionIdResolver {

	private final Cookie settings;

	private final String name;

	private final CookieWebSessionIdResolver reader = new CookieWebSessionIdResolver();

	SessionCookie(Cookie settings) {
		this.settings = settings;
		this.name = StringUtils.hasText(settings.getName()) ? settings.getName() : this.reader.getCookieName();
		this.reader.setCookieName(this.name);
	}

	@Override
	public List<String> resolveSessionIds(ServerWebExchange exchange) {
		return this.reader.resolveSessionIds(exchange);
	}

	@Override
	public void setSessionId(ServerWebExchange exchange, String id) {
		write(exchange, id, this.settings.getMaxAge());
	}

	@Override
	public void expireSession(ServerWebExchange exchange) {
		write(exchange, "", Duration.ZERO);
	}

	private void write(ServerWebExchange exchange, String value, @Nullable Duration maxAge) {
		Cookie settings = this.settings;
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(this.name, value)
			.path((settings.getPath() != null) ? settings.getPath()
					: exchange.getRequest().getPath().contextPath().value() + "/")
			.maxAge((maxAge != null) ? maxAge : Duration.ofSeconds(-1))
			.httpOnly(settings.getHttpOnly() == null || settings.getHttpOnly())
			.secure((settings.getSecure() != null) ? settings.getSecure()
					: "https".equalsIgnoreCase(exchange.getRequest().getURI().getScheme()))
			.sameSite((settings.getSameSite() != null) ? settings.getSameSite().attributeValue() : "Lax")
			.partitioned(Boolean.TRUE.equals(settings.getPartitioned()));
		if (settings.getDomain() != null) {
			cookie.domain(settings.getDomain());
		}
		// One session cookie per response: a new id (after sign-in) replaces the one set earlier in the exchange.
		HttpHeaders headers = exchange.getResponse().getHeaders();
		List<String> setCookies = new ArrayList<>(headers.getOrEmpty(HttpHeaders.SET_COOKIE));
		setCookies.removeIf((header) -> header.startsWith(this.name + "="));
		setCookies.add(cookie.build().toString());
		headers.put(HttpHeaders.SET_COOKIE, setCookies);
	}

}
