package fr.sesame.auth.token.client;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Revoked client tokens of this process; each revocation forgotten once the tokens it covers have expired. */
public final class InMemoryRevokedClientTokens implements RevokedClientTokens {

	private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

	private final Map<String, Revocation> clients = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemoryRevokedClientTokens(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void revoke(String jti, Instant expiresAt) {
		Instant now = this.clock.instant();
		this.tokens.values().removeIf(now::isAfter);
		this.tokens.put(jti, expiresAt);
	}

	@Override
	public void revokeAllOf(String clientId, Instant issuedUntil, Instant remembered) {
		Instant now = this.clock.instant();
		this.clients.values().removeIf((revocation) -> now.isAfter(revocation.remembered()));
		this.clients.put(clientId, new Revocation(issuedUntil, remembered));
	}

	@Override
	public boolean isRevoked(ClientToken token) {
		Instant now = this.clock.instant();
		Instant expiresAt = this.tokens.get(token.jti());
		if (expiresAt != null && !now.isAfter(expiresAt)) {
			return true;
		}
		Revocation client = this.clients.get(token.clientId());
		return client != null && !now.isAfter(client.remembered()) && !token.issuedAt().isAfter(client.issuedUntil());
	}

	private record Revocation(Instant issuedUntil, Instant remembered) {
	}

}
