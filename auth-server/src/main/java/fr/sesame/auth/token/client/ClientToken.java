package fr.sesame.auth.token.client;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A client_credentials access token this server signed, as verified by {@link ClientTokens}.
 *
 * @param clientId the client it was issued to (its {@code sub} and only audience)
 * @param jti its id, the key of its revocation
 */
public record ClientToken(String clientId, String jti, Set<String> scopes, String issuer, List<String> audience,
		Instant issuedAt, Instant notBefore, Instant expiresAt) {

}
