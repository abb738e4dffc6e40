package fr.sesame.gateway.bearer;

import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.application.RoutedApplication;

/**
 * Reads {@code Authorization: Bearer} on requests for an application only: the gateway's own pages work with the
 * session, and a token sent there is ignored rather than half-honoured.
 */
public final class ApplicationBearerTokens implements ServerAuthenticationConverter {

	private final ServerBearerTokenAuthenticationConverter standard = new ServerBearerTokenAuthenticationConverter();

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		if (RoutedApplication.of(exchange).isEmpty()) {
			return Mono.empty();
		}
		return this.standard.convert(exchange);
	}

}
