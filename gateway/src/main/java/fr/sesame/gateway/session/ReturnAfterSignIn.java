package fr.sesame.gateway.session;

import java.net.URI;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.server.savedrequest.ServerRequestCache;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.Applications;

/**
 * Where a browser returns after signing in: the page it asked for, kept in the session as a path on this gateway and
 * nothing else. A path that could leave the origin once written in a {@code Location} header ({@code //host},
 * {@code /\host}) or one of the gateway's own endpoints is never kept; the agent then lands on the portal.
 */
public final class ReturnAfterSignIn implements ServerRequestCache {

	private static final String ATTRIBUTE = "sesame.return-to";

	private static final int MAX_LENGTH = 2048;

	@Override
	public Mono<Void> saveRequest(ServerWebExchange exchange) {
		ServerHttpRequest request = exchange.getRequest();
		if (request.getMethod() != HttpMethod.GET) {
			return Mono.empty();
		}
		String target = target(request);
		if (!isSafe(target)) {
			return Mono.empty();
		}
		return exchange.getSession().doOnNext((session) -> session.getAttributes().put(ATTRIBUTE, target)).then();
	}

	@Override
	public Mono<URI> getRedirectUri(ServerWebExchange exchange) {
		return exchange.getSession()
			.flatMap((session) -> Mono.justOrEmpty((String) session.getAttributes().remove(ATTRIBUTE)))
			.filter(ReturnAfterSignIn::isSafe)
			.map(URI::create);
	}

	@Override
	public Mono<ServerHttpRequest> removeMatchingRequest(ServerWebExchange exchange) {
		// The target is consumed by getRedirectUri at sign-in; nothing is replayed.
		return Mono.empty();
	}

	static String target(ServerHttpRequest request) {
		String path = request.getPath().pathWithinApplication().value();
		String query = request.getURI().getRawQuery();
		return (query != null) ? path + "?" + query : path;
	}

	static boolean isSafe(String target) {
		if (target == null || target.isEmpty() || target.length() > MAX_LENGTH || target.charAt(0) != '/') {
			return false;
		}
		if (target.length() > 1 && (target.charAt(1) == '/' || target.charAt(1) == '\\')) {
			return false;
		}
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c < 0x21 || c == 0x7f || c == '\\') {
				return false;
			}
		}
		String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
		try {
			URI parsed = URI.create(target);
			if (parsed.isAbsolute() || parsed.getRawAuthority() != null) {
				return false;
			}
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return !Applications.isGatewayPath(path);
	}

}
