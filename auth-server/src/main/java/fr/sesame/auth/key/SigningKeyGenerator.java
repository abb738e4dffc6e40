package fr.sesame.auth.key;

import java.time.Instant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * New key pairs: ES256 on P-256 (our default for access tokens) and RS256 with RSA 2048 (OIDC's default for ID
 * tokens, and what older applications understand). The {@code kid} is the RFC 7638 thumbprint, so every replica
 * names a key the same way.
 */
public final class SigningKeyGenerator {

	public SigningKey generate(JWSAlgorithm algorithm, Instant activatesAt) {
		try {
			return new SigningKey(keyPair(algorithm), activatesAt);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot generate a " + algorithm + " key", ex);
		}
	}

	private static JWK keyPair(JWSAlgorithm algorithm) throws JOSEException {
		if (JWSAlgorithm.ES256.equals(algorithm)) {
			return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.ES256)
				.keyIDFromThumbprint(true)
				.generate();
		}
		if (JWSAlgorithm.RS256.equals(algorithm)) {
			return new RSAKeyGenerator(RSAKeyGenerator.MIN_KEY_SIZE_BITS).keyUse(KeyUse.SIGNATURE)
				.algorithm(JWSAlgorithm.RS256)
				.keyIDFromThumbprint(true)
				.generate();
		}
		throw new IllegalArgumentException("Sésame signs with ES256 or RS256, not " + algorithm);
	}

}
