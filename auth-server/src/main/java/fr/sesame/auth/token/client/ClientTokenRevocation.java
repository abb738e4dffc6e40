package fr.sesame.auth.token.client;

import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenRevocationAuthenticationToken;

/**
 * Revocation (RFC 7009) of client_credentials access tokens, which are not stored: the token's {@code jti} is
 * remembered as revoked until it expires. Only the client the token was issued to may revoke it; another client's
 * request changes nothing. Every other token goes on to Spring's provider.
 */
public final class ClientTokenRevocation implements AuthenticationProvider {

	private final ClientTokens tokens;

	public ClientTokenRevocation(ClientTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		OAuth2TokenRevocationAuthenticationToken request = (OAuth2TokenRevocationAuthenticationToken) authentication;
		if (!(request.getPrincipal() instanceof OAuth2ClientAuthenticationToken client) || !client.isAuthenticated()
				|| client.getRegisteredClient() == null) {
			return null;
		}
		Optional<ClientToken> found = this.tokens.verify(request.getToken());
		if (found.isEmpty()) {
			return null;
		}
		ClientToken token = found.get();
		if (!token.clientId().equals(client.getRegisteredClient().getClientId())) {
			// Another client's token: not revoked. Spring's provider then answers as for a token it does not know
			// (200, RFC 7009 §2.2); an error thrown here would not stop the providers that follow.
			return null;
		}
		this.tokens.revoke(token);
		return new OAuth2TokenRevocationAuthenticationToken(new OAuth2AccessToken(
				OAuth2AccessToken.TokenType.BEARER, request.getToken(), token.issuedAt(), token.expiresAt()), client);
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return OAuth2TokenRevocationAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
