package fr.sesame.auth.mfa.enrolment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.sesame.auth.mfa.MfaProperties;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SecretCipherTest {

	private static final String SUB = "rivebelle:5c1e0b7a";

	private static final byte[] SECRET = "twenty bytes secret!".getBytes(StandardCharsets.US_ASCII);

	private final byte[] k1 = FactorStoreContract.randomKey();

	private final byte[] k2 = FactorStoreContract.randomKey();

	@Test
	void sealsUnderTheActiveKeyWithAFreshNonce() {
		SecretCipher cipher = SecretCipher.of(Map.of("k1", this.k1), "k1");
		String sealed = cipher.seal(SECRET, SUB);
		assertThat(sealed).startsWith("k1:");
		// 12-byte nonce, 20-byte ciphertext, 16-byte tag.
		assertThat(Base64.getDecoder().decode(sealed.substring(3))).hasSize(12 + 20 + 16);
		assertThat(cipher.seal(SECRET, SUB)).isNotEqualTo(sealed);
		assertThat(cipher.open(sealed, SUB)).isEqualTo(SECRET);
	}

	@Test
	void anotherAgentCannotOpenIt() {
		SecretCipher cipher = SecretCipher.of(Map.of("k1", this.k1), "k1");
		String sealed = cipher.seal(SECRET, SUB);
		assertThatIllegalStateException().isThrownBy(() -> cipher.open(sealed, "montclair:5c1e0b7a"));
		assertThatIllegalStateException().isThrownBy(() -> cipher.open(sealed, SUB + " "));
	}

	@Test
	void oldKeysStillOpenAfterARotationAndNewValuesUseTheNewKey() {
		String underK1 = SecretCipher.of(Map.of("k1", this.k1), "k1").seal(SECRET, SUB);
		SecretCipher rotated = SecretCipher.of(Map.of("k1", this.k1, "k2", this.k2), "k2");
		assertThat(rotated.open(underK1, SUB)).isEqualTo(SECRET);
		String underK2 = rotated.seal(SECRET, SUB);
		assertThat(underK2).startsWith("k2:");
		assertThat(rotated.open(underK2, SUB)).isEqualTo(SECRET);

		SecretCipher withoutK1 = SecretCipher.of(Map.of("k2", this.k2), "k2");
		assertThatIllegalStateException().isThrownBy(() -> withoutK1.open(underK1, SUB))
			.withMessageContaining("sesame.mfa.encryption-keys");
	}

	@Test
	void alteredValuesAreRefused() {
		SecretCipher cipher = SecretCipher.of(Map.of("k1", this.k1, "k2", this.k2), "k1");
		String sealed = cipher.seal(SECRET, SUB);
		byte[] bytes = Base64.getDecoder().decode(sealed.substring(3));
		for (int i : new int[] { 0, 12, bytes.length - 1 }) {
			byte[] tampered = bytes.clone();
			tampered[i] ^= 1;
			String value = "k1:" + Base64.getEncoder().encodeToString(tampered);
			assertThatIllegalStateException().isThrownBy(() -> cipher.open(value, SUB));
		}
		// Same bytes, other key id: does not open either.
		assertThatIllegalStateException().isThrownBy(() -> cipher.open("k2:" + sealed.substring(3), SUB));
		assertThatIllegalStateException().isThrownBy(() -> cipher.open("k1:AAAA", SUB));
		assertThatIllegalStateException().isThrownBy(() -> cipher.open("k1:not base64!", SUB));
		assertThatIllegalStateException().isThrownBy(() -> cipher.open(sealed.substring(3), SUB));
	}

	@Test
	void errorsNeverQuoteTheValueOrTheKey() {
		SecretCipher cipher = SecretCipher.of(Map.of("k1", this.k1), "k1");
		String sealed = cipher.seal(SECRET, SUB);
		String tampered = sealed.substring(0, sealed.length() - 4) + "AAAA";
		assertThatIllegalStateException().isThrownBy(() -> cipher.open(tampered, SUB))
			.withMessageNotContaining(tampered.substring(3));
		assertThat(cipher.toString()).doesNotContain(Base64.getEncoder().encodeToString(this.k1));
	}

	@Test
	void readsKeysFromFilesAndInlineValues(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("mfa-key");
		Files.writeString(file, "  " + Base64.getEncoder().encodeToString(this.k1) + "\n\n");
		MfaProperties properties = bind(Map.of("sesame.mfa.encryption-keys[0].id", "k1",
				"sesame.mfa.encryption-keys[0].key-file", file.toString(), "sesame.mfa.encryption-keys[1].id", "k2",
				"sesame.mfa.encryption-keys[1].key", Base64.getEncoder().encodeToString(this.k2),
				"sesame.mfa.active-encryption-key", "k2"));
		SecretCipher cipher = SecretCipher.from(properties);
		assertThat(cipher.activeKeyId()).isEqualTo("k2");
		assertThat(cipher.open(SecretCipher.of(Map.of("k1", this.k1), "k1").seal(SECRET, SUB), SUB)).isEqualTo(SECRET);
		assertThat(cipher.open(SecretCipher.of(Map.of("k2", this.k2), "k2").seal(SECRET, SUB), SUB)).isEqualTo(SECRET);
	}

	@Test
	void aSingleKeyIsActiveWithoutBeingNamed() {
		MfaProperties properties = bind(Map.of("sesame.mfa.encryption-keys[0].id", "2026-01",
				"sesame.mfa.encryption-keys[0].key", Base64.getEncoder().encodeToString(this.k1)));
		assertThat(SecretCipher.from(properties).seal(SECRET, SUB)).startsWith("2026-01:");
	}

	@Test
	void unreadableOrMalformedKeyFilesAreReportedByKeyIdWithoutTheirContent(@TempDir Path directory)
			throws Exception {
		Path missing = directory.resolve("missing");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SecretCipher.from(bind(Map.of("sesame.mfa.encryption-keys[0].id", "k1",
					"sesame.mfa.encryption-keys[0].key-file", missing.toString()))))
			.withMessageContaining("sesame.mfa.encryption-keys")
			.withMessageContaining("k1");
		Path shortKey = directory.resolve("short");
		Files.writeString(shortKey, "c2hvcnQga2V5");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SecretCipher.from(bind(Map.of("sesame.mfa.encryption-keys[0].id", "k1",
					"sesame.mfa.encryption-keys[0].key-file", shortKey.toString()))))
			.withMessageContaining("32 bytes")
			.withMessageNotContaining("c2hvcnQga2V5");
	}

	static MfaProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("sesame.mfa", MfaProperties.class);
	}

}
