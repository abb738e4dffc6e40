package fr.sesame.auth.key;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link SigningKeyStore} does, in memory or in Redis.
 */
abstract class SigningKeyStoreContract {

	static final SigningKeyGenerator GENERATOR = new SigningKeyGenerator();

	protected SigningKeyStore store;

	protected abstract SigningKeyStore create();

	@BeforeEach
	void createStore() {
		this.store = create();
	}

	@Test
	void savedKeyIsReadBackWithItsPrivatePartAndActivation() {
		Instant activatesAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		SigningKey saved = GENERATOR.generate(JWSAlgorithm.ES256, activatesAt);

		this.store.save(saved);

		assertThat(this.store.findAll()).singleElement().satisfies((found) -> {
			assertThat(found.kid()).isEqualTo(saved.kid());
			assertThat(found.jwk()).isEqualTo(saved.jwk());
			assertThat(found.jwk().isPrivate()).isTrue();
			assertThat(found.algorithm()).isEqualTo(JWSAlgorithm.ES256);
			assertThat(found.activatesAt()).isEqualTo(activatesAt);
		});
	}

	@Test
	void removedKeyIsGone() {
		SigningKey kept = GENERATOR.generate(JWSAlgorithm.ES256, Instant.now());
		SigningKey removed = GENERATOR.generate(JWSAlgorithm.ES256, Instant.now());
		this.store.save(kept);
		this.store.save(removed);

		this.store.remove(removed.kid());

		assertThat(this.store.findAll()).extracting(SigningKey::kid).containsExactly(kept.kid());
	}

	@Test
	void exclusiveChangesNeverOverlap() throws InterruptedException {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		int changes = 6;
		CountDownLatch done = new CountDownLatch(changes);
		ExecutorService replicas = Executors.newFixedThreadPool(changes);
		for (int i = 0; i < changes; i++) {
			replicas.execute(() -> {
				this.store.exclusively(() -> {
					if (running.incrementAndGet() > 1) {
						overlaps.incrementAndGet();
					}
					sleep(20);
					running.decrementAndGet();
				});
				done.countDown();
			});
		}
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		replicas.shutdown();

		assertThat(overlaps).hasValue(0);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
