package fr.sesame.auth.token.client;

import java.time.Instant;

/**
 * Client_credentials access tokens revoked before their expiry. These tokens are not stored (see
 * {@link ClientTokens}), so a revocation is remembered here until the tokens would have expired anyway: one token by
 * its {@code jti}, or every token a deleted client received (a client registered again under the same id must not
 * inherit them).
 */
public interface RevokedClientTokens {

	void revoke(String jti, Instant expiresAt);

	/**
	 * @param clientId the deleted client
	 * @param issuedUntil tokens issued up to this instant are revoked
	 * @param remembered until when: the expiry of the longest-lived of them
	 */
	void revokeAllOf(String clientId, Instant issuedUntil, Instant remembered);

	boolean isRevoked(ClientToken token);

}
