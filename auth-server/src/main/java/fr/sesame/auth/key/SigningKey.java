package fr.sesame.auth.key;

import java.time.Instant;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;

/**
 * A signing key pair and the moment it starts signing. It is published in the JWKS from the moment it is stored,
 * which can be before it signs: relying parties that cache the JWKS already know it when its first token arrives.
 *
 * @param jwk the key pair, private part included; its {@code kid} is its RFC 7638 thumbprint
 * @param activatesAt when it starts signing tokens of its algorithm
 */
public record SigningKey(JWK jwk, Instant activatesAt) {

	public SigningKey {
		if (jwk == null || jwk.getKeyID() == null || jwk.getAlgorithm() == null || !jwk.isPrivate()) {
			throw new IllegalArgumentException("A signing key needs a private JWK with a kid and an alg");
		}
		if (activatesAt == null) {
			throw new IllegalArgumentException("A signing key needs an activation instant");
		}
	}

	public String kid() {
		return this.jwk.getKeyID();
	}

	public JWSAlgorithm algorithm() {
		return JWSAlgorithm.parse(this.jwk.getAlgorithm().getName());
	}

	public JWK publicJwk() {
		return this.jwk.toPublicJWK();
	}

	@Override
	public String toString() {
		// Never the private part.
		return "SigningKey[kid=" + kid() + ", alg=" + algorithm() + ", activatesAt=" + this.activatesAt + "]";
	}

}
