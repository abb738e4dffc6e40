package fr.sesame.auth.mfa.recovery;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.enrolment.FactorStore;
import fr.sesame.auth.mfa.enrolment.InMemoryFactorStore;
import fr.sesame.auth.mfa.enrolment.SecretCipher;

import static org.assertj.core.api.Assertions.assertThat;

/** What the store contract does not cover: typing forgiveness and key rotation. */
class RecoveryCodesTest {

	private static final String SUB = "rivebelle:5c1e0b7a";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final byte[] k1 = randomKey();

	private final byte[] k2 = randomKey();

	private final FactorStore store = new InMemoryFactorStore(Clock.systemUTC());

	private final AuditTrail audit = new AuditTrail((event) -> {
	});

	@Test
	void typedCodesAreNormalised() {
		assertThat(RecoveryCodes.normalise("abcd-efgh-jkmn")).isEqualTo("abcdefghjkmn");
		assertThat(RecoveryCodes.normalise(" ABCD EFGH\tJKMN ")).isEqualTo("abcdefghjkmn");
		assertThat(RecoveryCodes.normalise("0o1I-lL23-4567")).isEqualTo("001111234567");
		assertThat(RecoveryCodes.normalise("abcd\u00a0efgh-jkmn")).isEqualTo("abcdefghjkmn");
		// u is not in the alphabet, nor is anything outside ASCII; lengths other than twelve are not codes.
		assertThat(RecoveryCodes.normalise("abcd-efgh-jkmu")).isNull();
		assertThat(RecoveryCodes.normalise("abcd-efgh-jkmé")).isNull();
		assertThat(RecoveryCodes.normalise("abcd-efgh-jkm")).isNull();
		assertThat(RecoveryCodes.normalise("abcd-efgh-jkmnp")).isNull();
		assertThat(RecoveryCodes.normalise("")).isNull();
		assertThat(RecoveryCodes.normalise(null)).isNull();
	}

	@Test
	void codesCarrySixtyRandomBits() {
		List<String> codes = new RecoveryCodes(this.store, SecretCipher.of(Map.of("k1", this.k1), "k1"), this.audit)
			.generate(SUB);
		// Twelve characters of a 32-letter alphabet: 5 bits each.
		assertThat(codes).allSatisfy((code) -> assertThat(code.replace("-", "")).hasSize(12)
			.matches("[0123456789abcdefghjkmnpqrstvwxyz]+"));
	}

	@Test
	void codesGeneratedBeforeAKeyRotationStillRedeem() {
		List<String> codes = new RecoveryCodes(this.store, SecretCipher.of(Map.of("k1", this.k1), "k1"), this.audit)
			.generate(SUB);
		RecoveryCodes rotated = new RecoveryCodes(this.store,
				SecretCipher.of(Map.of("k1", this.k1, "k2", this.k2), "k2"), this.audit);
		assertThat(rotated.redeem(SUB, codes.get(0))).isTrue();
		assertThat(rotated.remaining(SUB)).isEqualTo(9);

		// New codes are hashed under the active key: they redeem once k1 is retired.
		List<String> fresh = rotated.generate(SUB);
		RecoveryCodes withoutK1 = new RecoveryCodes(this.store, SecretCipher.of(Map.of("k2", this.k2), "k2"),
				this.audit);
		assertThat(withoutK1.redeem(SUB, fresh.get(0))).isTrue();
	}

	@Test
	void theHashKeyIsDerivedNotTheEncryptionKeyItself() {
		SecretCipher cipher = SecretCipher.of(Map.of("k1", this.k1), "k1");
		byte[] derived = cipher.derive("sesame-recovery-v1").get("k1");
		assertThat(derived).hasSize(32).isNotEqualTo(this.k1).isNotEqualTo(cipher.derive("another-purpose").get("k1"));
	}

	private static byte[] randomKey() {
		byte[] key = new byte[32];
		RANDOM.nextBytes(key);
		return key;
	}

}
