package fr.sesame.auth.mfa;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import fr.sesame.auth.mfa.totp.Totp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.mfa.*}: second factors of agents.
 *
 * @param totp the authenticator-app codes
 * @param pendingEnrolmentTtl how long a TOTP secret shown on the enrolment page waits for its first code
 * @param encryptionKeys AES-256 keys sealing TOTP secrets at rest (and, derived from them, the key of the recovery
 * code hashes); old keys stay listed after a rotation so that what they sealed still opens. Required with
 * {@code sesame.store.type=redis}; in memory mode a random key lives as long as the process
 * @param activeEncryptionKey the id of the key that seals new values; may be omitted when there is one key
 * @param throttle how many wrong second-factor codes an agent may type
 */
@Validated
@ConfigurationProperties("sesame.mfa")
public record MfaProperties(@Valid @NotNull @DefaultValue TotpSettings totp,
		@NotNull @DefaultValue("15m") Duration pendingEnrolmentTtl,
		@Valid @NotNull @DefaultValue List<EncryptionKey> encryptionKeys, String activeEncryptionKey,
		@Valid @NotNull @DefaultValue ThrottleSettings throttle
// Policy (who must have a second factor, the enrolment grace period, step-up levels): fields to come here, each
// with a @DefaultValue so that existing configurations keep binding.
) {

	@AssertTrue(message = "sesame.mfa.pending-enrolment-ttl must be positive")
	public boolean isPendingEnrolmentTtlPositive() {
		return this.pendingEnrolmentTtl == null || positive(this.pendingEnrolmentTtl);
	}

	@AssertTrue(message = "sesame.mfa.encryption-keys: every id must be set, unique, and without ':' or spaces")
	public boolean isEveryKeyIdUsable() {
		if (this.encryptionKeys == null) {
			return true;
		}
		Set<String> ids = new HashSet<>();
		for (EncryptionKey key : this.encryptionKeys) {
			if (key == null || key.id() == null || !key.id().matches("[^\\s:]+") || !ids.add(key.id())) {
				return false;
			}
		}
		return true;
	}

	@AssertTrue(message = "sesame.mfa.active-encryption-key must be the id of one of sesame.mfa.encryption-keys "
			+ "(it may be omitted when there is only one)")
	public boolean isActiveKeyListed() {
		if (this.encryptionKeys == null) {
			return true;
		}
		if (this.activeEncryptionKey == null || this.activeEncryptionKey.isBlank()) {
			return this.encryptionKeys.size() <= 1;
		}
		return this.encryptionKeys.stream()
			.anyMatch((key) -> key != null && this.activeEncryptionKey.equals(key.id()));
	}

	/** The id of the key that seals new values, or {@code null} when no key is configured. */
	public String activeKeyId() {
		if (this.activeEncryptionKey != null && !this.activeEncryptionKey.isBlank()) {
			return this.activeEncryptionKey;
		}
		return (this.encryptionKeys == null || this.encryptionKeys.isEmpty()) ? null : this.encryptionKeys.get(0).id();
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	/**
	 * {@code sesame.mfa.totp.*}: RFC 6238 codes. Most authenticator apps only honour the defaults (SHA-1, 6 digits,
	 * 30 s); change them only for apps known to support it.
	 *
	 * @param algorithm {@code SHA1}, {@code SHA256} or {@code SHA512}
	 * @param digits 6 or 8
	 * @param period how long one code lasts, in whole seconds
	 * @param window how many periods before and after the current one are also accepted, for clock drift (0 to 2)
	 * @param issuerLabel the name authenticator apps show next to the account
	 */
	public record TotpSettings(
			@NotNull(message = "sesame.mfa.totp.algorithm must be SHA1, SHA256 or SHA512") @DefaultValue("SHA1") Totp.Algorithm algorithm,
			@DefaultValue("6") int digits, @NotNull @DefaultValue("30s") Duration period,
			@Min(value = 0, message = "sesame.mfa.totp.window must be between 0 and 2") @Max(value = 2,
					message = "sesame.mfa.totp.window must be between 0 and 2") @DefaultValue("1") int window,
			@NotBlank(message = "sesame.mfa.totp.issuer-label must not be empty") @DefaultValue("Sésame") String issuerLabel) {

		@AssertTrue(message = "sesame.mfa.totp.digits must be 6 or 8")
		public boolean isDigitsSixOrEight() {
			return this.digits == 6 || this.digits == 8;
		}

		@AssertTrue(message = "sesame.mfa.totp.period must be a whole number of seconds, at least 1s")
		public boolean isPeriodWholeSeconds() {
			return this.period == null || (this.period.getSeconds() >= 1 && this.period.getNano() == 0);
		}

		// The otpauth label is "issuer:account": a colon in the issuer would be read as the separator.
		@AssertTrue(message = "sesame.mfa.totp.issuer-label must not contain ':'")
		public boolean isIssuerLabelWithoutColon() {
			return this.issuerLabel == null || this.issuerLabel.indexOf(':') < 0;
		}

	}

	/**
	 * One entry of {@code sesame.mfa.encryption-keys}.
	 *
	 * @param id short, stable name written before every value it seals (e.g. {@code 2026-01}); never reuse one
	 * for other key material
	 * @param key base64 of 32 random bytes ({@code openssl rand -base64 32}); prefer {@code key-file}
	 * @param keyFile a file holding that base64 key (e.g. a mounted Kubernetes secret); surrounding whitespace is
	 * ignored
	 */
	public record EncryptionKey(String id, String key, Path keyFile) {

		@AssertTrue(message = "each entry of sesame.mfa.encryption-keys needs exactly one of key or key-file")
		public boolean isOneKeySource() {
			return hasInlineKey() != (this.keyFile != null);
		}

		@AssertTrue(message = "sesame.mfa.encryption-keys[].key must be base64 of 32 bytes (openssl rand -base64 32)")
		public boolean isInlineKeyWellFormed() {
			if (!hasInlineKey()) {
				return true;
			}
			try {
				return Base64.getDecoder().decode(this.key.strip()).length == 32;
			}
			catch (IllegalArgumentException ex) {
				return false;
			}
		}

		boolean hasInlineKey() {
			return this.key != null && !this.key.isBlank();
		}

		@Override
		public String toString() {
			// Never the key.
			return "EncryptionKey[id=" + this.id + ", keyFile=" + this.keyFile + "]";
		}

	}

	/**
	 * {@code sesame.mfa.throttle.*}: wrong second-factor codes (TOTP or recovery), counted per agent apart from
	 * password failures.
	 *
	 * @param maxFailures wrong codes after which the agent must wait
	 * @param window how long failures are remembered after the last one, and so how long the agent waits
	 */
	public record ThrottleSettings(
			@Min(value = 1, message = "sesame.mfa.throttle.max-failures must be at least 1") @DefaultValue("5") int maxFailures,
			@NotNull @DefaultValue("15m") Duration window) {

		@AssertTrue(message = "sesame.mfa.throttle.window must be positive")
		public boolean isWindowPositive() {
			return this.window == null || positive(this.window);
		}

	}

}
