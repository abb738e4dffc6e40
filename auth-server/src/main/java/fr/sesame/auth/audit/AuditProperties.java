package fr.sesame.auth.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.audit.*}: the stored audit trail.
 *
 * @param chainKey base64 of at least 32 random bytes ({@code openssl rand -base64 32}), the key of the trail's hash
 * chain; prefer {@code chain-key-file}. Required with {@code sesame.store.type=redis}; in memory mode a random key
 * lives as long as the process (and the trail). Changing it makes every stored entry fail verification
 * @param chainKeyFile a file holding that base64 key (e.g. a mounted Kubernetes secret); surrounding whitespace is
 * ignored
 * @param retention how long entries are kept; older ones are deleted and the last of them becomes the anchor the
 * trail is checked from
 * @param trimInterval how often retention runs
 * @param memoryCapacity in memory mode, how many entries are kept (the oldest make way). Each takes about 0.7 KB of
 * heap; the trail in memory lives as long as the process, and the {@code sesame.audit} log lines are its durable copy,
 * so by default it keeps 2,000 (about 1.5 MB), enough for the admin console's view of recent events
 */
@Validated
@ConfigurationProperties("sesame.audit")
public record AuditProperties(String chainKey, Path chainKeyFile,
		@NotNull @DefaultValue("400d") Duration retention,
		@NotNull @DefaultValue("1h") Duration trimInterval,
		@Min(value = 1, message = "sesame.audit.memory-capacity must be at least 1")
		@DefaultValue("2000") int memoryCapacity) {

	@AssertTrue(message = "sesame.audit: set chain-key or chain-key-file, not both")
	public boolean isAtMostOneKeySource() {
		return !(hasInlineKey() && this.chainKeyFile != null);
	}

	@AssertTrue(message = "sesame.audit.chain-key must be base64 of at least 32 random bytes (openssl rand -base64 32)")
	public boolean isInlineKeyWellFormed() {
		if (!hasInlineKey()) {
			return true;
		}
		try {
			return Base64.getDecoder().decode(this.chainKey.strip()).length >= AuditChain.MIN_KEY_BYTES;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	@AssertTrue(message = "sesame.audit.retention must be positive")
	public boolean isRetentionPositive() {
		return this.retention == null || (!this.retention.isNegative() && !this.retention.isZero());
	}

	@AssertTrue(message = "sesame.audit.trim-interval must be at least 1s")
	public boolean isTrimIntervalUsable() {
		return this.trimInterval == null || this.trimInterval.compareTo(Duration.ofSeconds(1)) >= 0;
	}

	/** Whether a chain key is configured, inline or in a file. */
	public boolean hasChainKey() {
		return hasInlineKey() || this.chainKeyFile != null;
	}

	private boolean hasInlineKey() {
		return this.chainKey != null && !this.chainKey.isBlank();
	}

	@Override
	public String toString() {
		// Never the key.
		return "AuditProperties[chainKeyFile=" + this.chainKeyFile + ", retention=" + this.retention
				+ ", trimInterval=" + this.trimInterval + ", memoryCapacity=" + this.memoryCapacity + "]";
	}

}
