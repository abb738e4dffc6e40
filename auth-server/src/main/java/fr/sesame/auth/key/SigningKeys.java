package fr.sesame.auth.key;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;

import fr.sesame.auth.startup.OwnThread;

/**
 * The signing keys this replica uses, read from the {@link SigningKeyStore} at start-up and at every
 * {@link #refresh()}, which also creates and drops keys as the {@link RotationPolicy} decides. Signing reads only
 * the in-memory copy: no store round trip per token.
 * <p>
 * The first read runs on a thread of its own: on a first start it generates an RSA key pair (a prime search of
 * 0.2 to 1.5 s of CPU on the 2-core target) and an EC one, work the rest of the start-up does not need. Every method
 * waits for it, and {@link SigningReadiness} waits for it before the web server accepts connections, so no request
 * ever sees a replica without keys.
 */
public final class SigningKeys implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeys.class);

	private final SigningKeyStore store;

	private final RotationPolicy policy;

	private final SigningKeyGenerator generator;

	private final Clock clock;

	private volatile KeyRing ring = KeyRing.EMPTY;

	private final CompletableFuture<Void> loaded = new CompletableFuture<>();

	public SigningKeys(SigningKeyStore store, RotationPolicy policy, SigningKeyGenerator generator, Clock clock) {
		this.store = store;
		this.policy = policy;
		this.generator = generator;
		this.clock = clock;
	}

	/** Starts the first read of the stored keys (and their creation on a first start) in the background. */
	@Override
	public void afterPropertiesSet() {
		// The time of the start, not of the moment the thread gets to run: a key created now signs from now.
		Instant startedAt = this.clock.instant();
		this.loaded.completeAsync(() -> {
			load(startedAt);
			return null;
		}, OwnThread.named("signing-keys-load"));
	}

	/**
	 * Waits until the keys read at start-up are in place.
	 * @throws IllegalStateException if they could not be read or created
	 */
	public void awaitLoaded() {
		OwnThread.await(this.loaded, "The signing keys could not be loaded");
	}

	/** Reads the stored keys, rotates them if due, and makes the result the keys this replica uses. */
	public void refresh() {
		awaitLoaded();
		load(this.clock.instant());
	}

	private void load(Instant now) {
		List<SigningKey> stored = this.store.findAll();
		if (!this.policy.changes(stored, now).isEmpty()) {
			this.store.exclusively(() -> rotate(now));
			stored = this.store.findAll();
		}
		this.ring = new KeyRing(stored);
	}

	private void rotate(Instant now) {
		// Read again under the lock: the replica that held it before us may have done the work already.
		RotationPolicy.Changes changes = this.policy.changes(this.store.findAll(), now);
		for (RotationPolicy.NewKey addition : changes.additions()) {
			SigningKey key = this.generator.generate(addition.algorithm(), addition.activatesAt());
			this.store.save(key);
			logger.info("Signing key created: kid={} alg={} activatesAt={}", key.kid(), key.algorithm(),
					key.activatesAt());
		}
		for (SigningKey removal : changes.removals()) {
			this.store.remove(removal.kid());
			logger.info("Signing key removed from the JWKS: kid={} alg={}", removal.kid(), removal.algorithm());
		}
	}

	/** Public keys to publish in the JWKS and to verify with. */
	public JWKSet published() {
		awaitLoaded();
		return this.ring.published();
	}

	/** The private key of each algorithm that signs now. */
	public JWKSet signing() {
		awaitLoaded();
		return this.ring.signing(this.clock.instant());
	}

	List<SigningKey> current() {
		awaitLoaded();
		return this.ring.keys();
	}

}
