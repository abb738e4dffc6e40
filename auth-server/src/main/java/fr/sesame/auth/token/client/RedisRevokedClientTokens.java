package fr.sesame.auth.token.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Revoked client tokens shared by every replica, each key expiring with the tokens it covers:
 * {@code <prefix>revoked-client-token:<jti>} for one token, {@code <prefix>revoked-client:<client id>} (epoch second
 * up to which tokens are revoked) for a deleted client's. One {@code MGET} per check.
 */
public final class RedisRevokedClientTokens implements RevokedClientTokens {

	private final StringRedisTemplate redis;

	private final String tokenPrefix;

	private final String clientPrefix;

	private final Clock clock;

	public RedisRevokedClientTokens(StringRedisTemplate redis, String keyPrefix, Clock clock) {
		this.redis = redis;
		this.tokenPrefix = keyPrefix + "revoked-client-token:";
		this.clientPrefix = keyPrefix + "revoked-client:";
		this.clock = clock;
	}

	@Override
	public void revoke(String jti, Instant expiresAt) {
		remember(this.tokenPrefix + jti, "1", expiresAt);
	}

	@Override
	public void revokeAllOf(String clientId, Instant issuedUntil, Instant remembered) {
		remember(this.clientPrefix + clientId, Long.toString(issuedUntil.getEpochSecond()), remembered);
	}

	@Override
	public boolean isRevoked(ClientToken token) {
		List<String> found = this.redis.opsForValue()
			.multiGet(List.of(this.tokenPrefix + token.jti(), this.clientPrefix + token.clientId()));
		if (found == null) {
			// Redis answered nothing usable: fail closed.
			return true;
		}
		if (found.get(0) != null) {
			return true;
		}
		String issuedUntil = found.get(1);
		return issuedUntil != null && token.issuedAt().getEpochSecond() <= Long.parseLong(issuedUntil);
	}

	private void remember(String key, String value, Instant until) {
		Duration left = Duration.between(this.clock.instant(), until);
		if (!left.isNegative() && !left.isZero()) {
			this.redis.opsForValue().set(key, value, left.plusSeconds(1));
		}
	}

}
