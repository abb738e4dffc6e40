package fr.sesame.auth.store;

import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.store.*}: where authorizations, consents, signing keys and sessions live.
 *
 * @param type {@code memory} (default: one process, state lost on restart) or {@code redis} (Redis through
 * {@code spring.data.redis.*})
 * @param keyPrefix prefix of every Redis key written by Sésame's stores, so that one Redis can serve several
 * deployments
 * @param pendingAuthorizationTtl how long an authorization that holds no token yet (an authorization request
 * waiting for consent) is kept
 */
@Validated
@ConfigurationProperties("sesame.store")
public record StoreProperties(
		@NotNull(message = "sesame.store.type must be memory or redis") @DefaultValue("memory") StoreType type,
		@NotNull @Pattern(regexp = "[^\\s*?\\[\\]]+",
				message = "sesame.store.key-prefix must be non-empty, without spaces or Redis glob characters") @DefaultValue("sesame:") String keyPrefix,
		@NotNull @DefaultValue("10m") Duration pendingAuthorizationTtl) {

	@AssertTrue(message = "sesame.store.pending-authorization-ttl must be positive")
	public boolean isPendingAuthorizationTtlPositive() {
		return this.pendingAuthorizationTtl == null || (!this.pendingAuthorizationTtl.isNegative() && !this.pendingAuthorizationTtl.isZero());
	}

}
