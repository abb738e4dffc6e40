package fr.sesame.gateway.policy;

import reactor.core.publisher.Mono;

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.web.server.authentication.ServerBearerTokenAuthenticationConverter;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;

/**
 * Who a request for an application comes from, read with Spring Security's own parts, as its resource-server and
 * session filters would: a bearer token ({@link ServerBearerTokenAuthenticationConverter}, then
 * {@link JwtReactiveAuthenticationManager} over the gateway's token verifier) takes precedence over the browser
 * session's sign-in (the security context that sign-in saved in the session). Empty when the request carries neither.
 * A bearer token that fails verification, or a malformed {@code Authorization} header, ends in
 * {@link RefusedBearerToken}: the request never falls back to the session.
 */
public final class ApplicationAuthentication {

	private final ServerBearerTokenAuthenticationConverter bearerTokens = new ServerBearerTokenAuthenticationConverter();

	private final ReactiveAuthenticationManager tokenVerification;

	private final ServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();

	public ApplicationAuthentication(ReactiveJwtDecoder accessTokens) {
		this.tokenVerification = new JwtReactiveAuthenticationManager(accessTokens);
	}

	public Mono<Authentication> of(ServerWebExchange exchange) {
		return this.bearerTokens.convert(exchange)
			.flatMap((token) -> this.tokenVerification.authenticate(token)
				.switchIfEmpty(Mono.error(() -> new InvalidBearerTokenException("The bearer token was not verified"))))
			.onErrorMap(ApplicationAuthentication::isRefusal,
					(error) -> new RefusedBearerToken((AuthenticationException) error))
			.switchIfEmpty(Mono.defer(() -> this.sessions.load(exchange)
				.mapNotNull(SecurityContext::getAuthentication)));
	}

	/**
	 * The token or the header is at fault. A verifier that could not work (its keys unreachable) is not a refusal:
	 * that error goes on to the error page, as it does through Spring Security's resource-server filter.
	 */
	private static boolean isRefusal(Throwable error) {
		return error instanceof AuthenticationException && !(error instanceof AuthenticationServiceException);
	}

	/** The request's bearer token, or its {@code Authorization} header, was refused: answer 401. */
	public static final class RefusedBearerToken extends RuntimeException {

		private final AuthenticationException reason;

		RefusedBearerToken(AuthenticationException reason) {
			super(reason.getMessage(), reason, false, false);
			this.reason = reason;
		}

		public AuthenticationException reason() {
			return this.reason;
		}

	}

}
