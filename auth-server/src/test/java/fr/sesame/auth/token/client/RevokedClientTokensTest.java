package fr.sesame.auth.token.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import fr.sesame.auth.store.TestClock;
import fr.sesame.auth.store.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/** Both stores of revoked client tokens, the Redis one on the real Redis of 127.0.0.1:6379. */
class RevokedClientTokensTest {

	private final TestRedis redis = new TestRedis();

	private final TestClock clock = TestClock.now();

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "redis" })
	void aRevokedTokenStaysRevokedUntilItsExpiryAndOthersAreNot(String store) {
		RevokedClientTokens revoked = store(store);
		ClientToken token = token("jti-1", "batch", this.clock.instant());

		revoked.revoke("jti-1", token.expiresAt());

		assertThat(revoked.isRevoked(token)).isTrue();
		assertThat(revoked.isRevoked(token("jti-2", "batch", this.clock.instant()))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "memory", "redis" })
	void aDeletedClientsTokensAreRevokedButNotThoseOfItsSuccessor(String store) {
		RevokedClientTokens revoked = store(store);
		Instant deletedAt = this.clock.instant();
		ClientToken before = token("jti-old", "batch", deletedAt.minusSeconds(30));

		revoked.revokeAllOf("batch", deletedAt, deletedAt.plus(Duration.ofMinutes(5)));

		assertThat(revoked.isRevoked(before)).isTrue();
		assertThat(revoked.isRevoked(token("jti-new", "batch", deletedAt.plusSeconds(2)))).as("registered again")
			.isFalse();
		assertThat(revoked.isRevoked(token("jti-other", "another", deletedAt.minusSeconds(30)))).isFalse();
	}

	private RevokedClientTokens store(String store) {
		return store.equals("redis") ? new RedisRevokedClientTokens(this.redis.template(), this.redis.prefix(), this.clock)
				: new InMemoryRevokedClientTokens(this.clock);
	}

	private static ClientToken token(String jti, String clientId, Instant issuedAt) {
		return new ClientToken(clientId, jti, Set.of(), "http://localhost:9000", List.of(clientId), issuedAt, null,
				issuedAt.plus(Duration.ofMinutes(5)));
	}

}
