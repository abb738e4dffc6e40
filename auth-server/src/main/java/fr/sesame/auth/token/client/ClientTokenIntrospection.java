package fr.sesame.auth.token.client;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Introspection of client_credentials access tokens, which are verified rather than looked up
 * ({@link ClientTokens}). Runs before Spring's provider and leaves it every other token (returns {@code null}):
 * agents' tokens, unknown or invalid ones (inactive), and a request whose client did not authenticate.
 */
public final class ClientTokenIntrospection implements AuthenticationProvider {

	private final ClientTokens tokens;

	public ClientTokenIntrospection(ClientTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenIntrospectionAuthenticationToken request = (OAuth2TokenIntrospectionAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()) {
			return null;
		}
		Optional<ClientToken> found = this.tokens.verify(request.getToken());
		if (found.isEmpty()) {
			return null;
		}
		ClientToken token = found.get();
		OAuth2TokenIntrospection.Builder claims = OAuth2TokenIntrospection.builder(true)
			.clientId(token.clientId())
			.subject(token.clientId())
			.tokenType(OAuth2AccessToken.TokenType.BEARER.getValue())
			.scopes((scopes) -> scopes.addAll(token.scopes()))
			.audiences((audiences) -> audiences.addAll(token.audience()))
			.issuer(token.issuer())
			.id(token.jti())
			.issuedAt(token.issuedAt())
			.expiresAt(token.expiresAt());
		if (token.notBefore() != null) {
			claims.notBefore(token.notBefore());
		}
		return new OAuth2TokenIntrospectionAuthenticationToken(request.getToken(), client, claims.build());
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenIntrospectionAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
