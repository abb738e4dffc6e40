package fr.sesame.auth.client.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.client-registry.*}: the clients registered at run time. (Not under {@code sesame.clients}, whose keys
 * are client ids.)
 *
 * @param secretKey base64 of at least 32 random bytes ({@code openssl rand -base64 32}): the key of the hashes that
 * client secrets are stored as, the same on every replica; prefer {@code secret-key-file}. Required with
 * {@code sesame.store.type=redis}, since a secret hashed by one replica must verify on the others and after a
 * restart; in memory mode a random key lives as long as the process (and its registered clients). Changing it
 * invalidates the secrets of every registered client (they must be rotated); configured clients are unaffected,
 * their secrets being hashed again at every start
 * @param secretKeyFile a file holding that base64 key (e.g. a mounted Kubernetes secret); surrounding whitespace is
 * ignored
 * @param cacheTtl with Redis, how long each replica reuses its copy of the registered clients: a change made on
 * another replica takes effect here within this time (at most 2 s)
 */
@Validated
@ConfigurationProperties("sesame.client-registry")
public record ClientRegistryProperties(String secretKey, Path secretKeyFile,
		@NotNull @DefaultValue("1s") Duration cacheTtl) {

	static final int MIN_KEY_BYTES = 32;

	@AssertTrue(message = "sesame.client-registry: set secret-key or secret-key-file, not both")
	public boolean isAtMostOneKeySource() {
		return !(hasInlineKey() && this.secretKeyFile != null);
	}

	@AssertTrue(message = "sesame.client-registry.secret-key must be base64 of at least 32 random bytes "
			+ "(openssl rand -base64 32)")
	public boolean isInlineKeyWellFormed() {
		return !hasInlineKey() || decodes(this.secretKey);
	}

	@AssertTrue(message = "sesame.client-registry.cache-ttl must be between 0s and 2s")
	public boolean isCacheTtlShort() {
		return this.cacheTtl == null
				|| (!this.cacheTtl.isNegative() && this.cacheTtl.compareTo(Duration.ofSeconds(2)) <= 0);
	}

	public boolean hasSecretKey() {
		return hasInlineKey() || this.secretKeyFile != null;
	}

	private boolean hasInlineKey() {
		return this.secretKey != null && !this.secretKey.isBlank();
	}

	static boolean decodes(String base64) {
		try {
			return Base64.getDecoder().decode(base64.strip()).length >= MIN_KEY_BYTES;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		// Never the key.
		return "ClientRegistryProperties[secretKeyFile=" + this.secretKeyFile + ", cacheTtl=" + this.cacheTtl + "]";
	}

}
