package fr.sesame.auth.key;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.keys.*}: the life of the token signing keys.
 *
 * @param rotationPeriod how long a key signs before the next one takes over
 * @param retention how long a key stays in the JWKS after its successor took over: at least the longest lifetime
 * of an ID or access token (refresh tokens are opaque, not signed), plus a margin for clock skew
 * @param prePublication how long before taking over a new key is already published, for relying parties that
 * cache the JWKS
 * @param refreshInterval how often each replica reads the stored keys again and rotates them when due
 * @param encryptionKey base64 of a 256-bit AES key sealing the private keys stored in Redis ({@code openssl rand
 * -base64 32}); prefer {@code encryption-key-file}
 * @param encryptionKeyFile a file holding that base64 key (e.g. a mounted Kubernetes secret)
 * @param ecSignatureProvider what computes ES256 signatures ({@code auto}, {@code jdk},
 * {@code bouncy-castle}; see {@link EcSignatureProvider})
 */
@Validated
@ConfigurationProperties("sesame.keys")
public record KeyProperties(@NotNull @DefaultValue("30d") Duration rotationPeriod,
		@NotNull @DefaultValue("1d") Duration retention, @NotNull @DefaultValue("1h") Duration prePublication,
		@NotNull @DefaultValue("1m") Duration refreshInterval, String encryptionKey, Path encryptionKeyFile,
		@NotNull @DefaultValue("auto") EcSignatureProvider ecSignatureProvider) {

	@AssertTrue(message = "sesame.keys.rotation-period, retention and refresh-interval must be positive, "
			+ "pre-publication positive or zero")
	public boolean isEveryDurationPositive() {
		return positive(this.rotationPeriod) && positive(this.retention) && positive(this.refreshInterval)
				&& (this.prePublication == null || !this.prePublication.isNegative());
	}

	@AssertTrue(message = "sesame.keys.pre-publication must be shorter than sesame.keys.rotation-period")
	public boolean isPrePublishedWithinPeriod() {
		return this.prePublication == null || this.rotationPeriod == null
				|| this.prePublication.compareTo(this.rotationPeriod) < 0;
	}

	@AssertTrue(message = "set sesame.keys.encryption-key or sesame.keys.encryption-key-file, not both")
	public boolean isOneEncryptionKeySource() {
		return this.encryptionKey == null || this.encryptionKey.isBlank() || this.encryptionKeyFile == null;
	}

	private static boolean positive(Duration duration) {
		return duration == null || (!duration.isNegative() && !duration.isZero());
	}

	@Override
	public String toString() {
		// Never the encryption key.
		return "KeyProperties[rotationPeriod=" + this.rotationPeriod + ", retention=" + this.retention
				+ ", prePublication=" + this.prePublication + ", refreshInterval=" + this.refreshInterval
				+ ", encryptionKeyFile=" + this.encryptionKeyFile + ", ecSignatureProvider=" + this.ecSignatureProvider
				+ "]";
	}

}
