package fr.sesame.auth.store;

import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * How long an authorization is worth keeping: until its longest-lived token or code expires. One that holds no
 * token yet is an authorization request in progress and gets a bounded time.
 */
final class AuthorizationExpiry {

	/** Stores refuse a zero lifetime; an authorization whose tokens all expired lingers this long, no more. */
	private static final Duration MINIMUM = Duration.ofSeconds(1);

	private final Duration pendingAuthorizationTtl;

	AuthorizationExpiry(Duration pendingAuthorizationTtl) {
		this.pendingAuthorizationTtl = pendingAuthorizationTtl;
	}

	Instant of(OAuth2Authorization authorization, Instant now) {
		Instant latest = null;
		for (TokenKind kind : TokenKind.TOKENS) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = kind.tokenIn(authorization);
			// Spring's generators always set an expiry; a token without one does not extend the authorization.
			Instant expiresAt = (token != null) ? token.getToken().getExpiresAt() : null;
			if (expiresAt != null && (latest == null || expiresAt.isAfter(latest))) {
				latest = expiresAt;
			}
		}
		if (latest == null) {
			latest = now.plus(this.pendingAuthorizationTtl);
		}
		Instant earliest = now.plus(MINIMUM);
		return latest.isBefore(earliest) ? earliest : latest;
	}

}
