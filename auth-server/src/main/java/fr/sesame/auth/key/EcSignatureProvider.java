package fr.sesame.auth.key;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;

/**
 * What computes ES256 signatures, {@code sesame.keys.ec-signature-provider}. Signing is most of the CPU a token
 * costs: on this project's 2-core benchmark machine a P-256 signature took 80 µs on Java 17 and 73 µs on Java 25 with
 * Bouncy Castle's lightweight API ({@link Es256Signer}), 484 µs and 137 µs with the JDK's provider. {@code jdk} is
 * there for deployments that must sign with the JDK's providers only.
 */
public enum EcSignatureProvider {

	/** The fastest measured on every Java release: Bouncy Castle's. */
	AUTO,

	/** The JDK's first provider for {@code SHA256withECDSA} (SunEC). */
	JDK,

	/** Bouncy Castle's lightweight API, with its precomputed multiples of the curve's generator. */
	BOUNCY_CASTLE;

	/** A signer for this private P-256 key. */
	JWSSigner signer(ECKey key) throws JOSEException {
		return (this == JDK) ? new ECDSASigner(key) : new Es256Signer(key);
	}

}
