package fr.sesame.auth.key;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.nimbusds.jose.jwk.JWK;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.store.TestClock;
import fr.sesame.auth.store.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several replicas over one Redis: they sign with the same keys, whoever starts first, and keep them across
 * restarts.
 */
class SharedSigningKeysTest {

	private TestRedis redis;

	private TestClock clock;

	@BeforeEach
	void connect() {
		this.redis = new TestRedis();
		this.clock = TestClock.now();
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void twoReplicasStartingTogetherCreateOneKeyPerAlgorithmBetweenThem() throws Exception {
		CyclicBarrier together = new CyclicBarrier(2);
		Callable<SigningKeys> replica = () -> {
			SigningKeyStore store = new RedisSigningKeyStore(this.redis.anotherClient(),
					KeyCipher.of(RedisSigningKeyStoreTest.ENCRYPTION_KEY), this.redis.prefix());
			together.await();
			return SigningKeysTest.signingKeys(store, this.clock);
		};
		ExecutorService replicas = Executors.newFixedThreadPool(2);
		Future<SigningKeys> first = replicas.submit(replica);
		Future<SigningKeys> second = replicas.submit(replica);
		replicas.shutdown();

		assertThat(kids(first.get())).hasSize(2).isEqualTo(kids(second.get()));
		assertThat(kids(first.get().signing().getKeys())).isEqualTo(kids(second.get().signing().getKeys()));
		assertThat(store().findAll()).hasSize(2);
	}

	@Test
	void restartedReplicaSignsWithTheStoredKeys() {
		SigningKeys beforeRestart = SigningKeysTest.signingKeys(store(), this.clock);

		SigningKeys afterRestart = SigningKeysTest.signingKeys(store(), this.clock);

		assertThat(kids(afterRestart.signing().getKeys())).isEqualTo(kids(beforeRestart.signing().getKeys()));
	}

	@Test
	void keyRotatedByOneReplicaIsUsedByTheOtherAfterItsRefresh() {
		SigningKeys rotating = SigningKeysTest.signingKeys(store(), this.clock);
		SigningKeys other = SigningKeysTest.signingKeys(store(), this.clock);

		this.clock.advance(SigningKeysTest.PERIOD);
		rotating.refresh();
		other.refresh();

		assertThat(kids(other)).hasSize(4).isEqualTo(kids(rotating));
		assertThat(kids(other.signing().getKeys())).isEqualTo(kids(rotating.signing().getKeys()));
		assertThat(store().findAll()).hasSize(4);
	}

	private SigningKeyStore store() {
		return new RedisSigningKeyStore(this.redis.template(), KeyCipher.of(RedisSigningKeyStoreTest.ENCRYPTION_KEY),
				this.redis.prefix());
	}

	private static List<String> kids(SigningKeys keys) {
		return kids(keys.published().getKeys());
	}

	private static List<String> kids(List<JWK> keys) {
		return keys.stream().map(JWK::getKeyID).sorted().toList();
	}

}
