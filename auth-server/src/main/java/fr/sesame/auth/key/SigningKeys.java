package fr.sesame.auth.key;

import java.time.Clock;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;

/**
 * The signing keys this replica uses, read from the {@link SigningKeyStore} at start-up and at every
 * {@link #refresh()}, which also creates and drops keys as the {@link RotationPolicy} decides. Signing reads only
 * the in-memory copy: no store round trip per token.
 */
public final class SigningKeys implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(SigningKeys.class);

	private final SigningKeyStore store;

	private final RotationPolicy policy;

	private final SigningKeyGenerator generator;

	private final Clock clock;

	private volatile KeyRing ring = KeyRing.EMPTY;

	public SigningKeys(SigningKeyStore store, RotationPolicy policy, SigningKeyGenerator generator, Clock clock) {
		this.store = store;
		this.policy = policy;
		this.generator = generator;
		this.clock = clock;
	}

	@Override
	public void afterPropertiesSet() {
		refresh();
	}

	/** Reads the stored keys, rotates them if due, and makes the result the keys this replica uses. */
	public void refresh() {
		List<SigningKey> stored = this.store.findAll();
		if (!this.policy.changes(stored, this.clock.instant()).isEmpty()) {
			this.store.exclusively(this::rotate);
			stored = this.store.findAll();
		}
		this.ring = new KeyRing(stored);
	}

	private void rotate() {
		// Read again under the lock: the replica that held it before us may have done the work already.
		RotationPolicy.Changes changes = this.policy.changes(this.store.findAll(), this.clock.instant());
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
		return this.ring.published();
	}

	/** The private key of each algorithm that signs now. */
	public JWKSet signing() {
		return this.ring.signing(this.clock.instant());
	}

	List<SigningKey> current() {
		return this.ring.keys();
	}

}
