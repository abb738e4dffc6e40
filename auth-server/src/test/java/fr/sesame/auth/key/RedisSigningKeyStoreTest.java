package fr.sesame.auth.key;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.store.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedisSigningKeyStoreTest extends SigningKeyStoreContract {

	static final String ENCRYPTION_KEY = Base64.getEncoder().encodeToString(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9,
			10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 });

	private TestRedis redis;

	@Override
	protected SigningKeyStore create() {
		this.redis = new TestRedis();
		return storeWith(KeyCipher.of(ENCRYPTION_KEY));
	}

	private SigningKeyStore storeWith(KeyCipher cipher) {
		return new RedisSigningKeyStore(this.redis.template(), cipher, this.redis.prefix());
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void privateKeyIsEncryptedAtRest() {
		SigningKey key = GENERATOR.generate(JWSAlgorithm.ES256, Instant.now());
		this.store.save(key);

		String stored = storedDocument(key.kid());

		assertThat(stored).contains("sealedJwk").doesNotContain(((ECKey) key.jwk()).getD().toString());
	}

	@Test
	void keySealedUnderAnotherEncryptionKeyIsRefused() {
		this.store.save(GENERATOR.generate(JWSAlgorithm.ES256, Instant.now()));
		byte[] other = new byte[32];
		SigningKeyStore withAnotherKey = storeWith(KeyCipher.of(Base64.getEncoder().encodeToString(other)));

		assertThatIllegalStateException().isThrownBy(withAnotherKey::findAll)
			.withMessageContaining("sesame.keys.encryption-key");
	}

	@Test
	void sealedKeyCannotBeReadWithoutTheEncryptionKey() {
		this.store.save(GENERATOR.generate(JWSAlgorithm.ES256, Instant.now()));

		assertThatIllegalStateException().isThrownBy(storeWith(KeyCipher.none())::findAll)
			.withMessageContaining("sesame.keys.encryption-key");
	}

	@Test
	void withoutAnEncryptionKeyTheJwkIsStoredAsIs() {
		SigningKeyStore plain = storeWith(KeyCipher.none());
		SigningKey key = GENERATOR.generate(JWSAlgorithm.RS256, Instant.now());
		plain.save(key);

		assertThat(storedDocument(key.kid())).contains("\"jwk\"");
		assertThat(plain.findAll()).extracting(SigningKey::jwk).containsExactly(key.jwk());
		// Turning encryption on later still reads the keys stored before.
		assertThat(this.store.findAll()).extracting(SigningKey::kid).containsExactly(key.kid());
	}

	private String storedDocument(String kid) {
		Map<Object, Object> stored = this.redis.template().opsForHash().entries(this.redis.prefix() + "signing-keys");
		return (String) stored.get(kid);
	}

}
