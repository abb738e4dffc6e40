package fr.sesame.auth.key;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

/**
 * The keys as last read from the store, immutable: what is published and what signs now.
 */
final class KeyRing {

	static final KeyRing EMPTY = new KeyRing(List.of());

	private final List<SigningKey> keys;

	private final JWKSet published;

	KeyRing(List<SigningKey> keys) {
		this.keys = keys.stream().sorted(Comparator.comparing(SigningKey::activatesAt)).toList();
		this.published = new JWKSet(this.keys.stream().map(SigningKey::publicJwk).toList());
	}

	List<SigningKey> keys() {
		return this.keys;
	}

	/** Public parts of every key: retained, signing and pre-published ones. */
	JWKSet published() {
		return this.published;
	}

	/** One private key per algorithm: the one that signs at {@code now}. */
	JWKSet signing(Instant now) {
		List<JWK> signing = new ArrayList<>(RotationPolicy.ALGORITHMS.size());
		for (JWSAlgorithm algorithm : RotationPolicy.ALGORITHMS) {
			SigningKey active = null;
			SigningKey earliest = null;
			for (SigningKey key : this.keys) {
				if (!key.algorithm().equals(algorithm)) {
					continue;
				}
				if (earliest == null) {
					earliest = key;
				}
				if (!key.activatesAt().isAfter(now)) {
					active = key;
				}
			}
			// Only future keys: another replica's clock runs ahead of ours. Sign with the first of them rather
			// than not at all.
			SigningKey chosen = (active != null) ? active : earliest;
			if (chosen != null) {
				signing.add(chosen.jwk());
			}
		}
		return new JWKSet(signing);
	}

}
