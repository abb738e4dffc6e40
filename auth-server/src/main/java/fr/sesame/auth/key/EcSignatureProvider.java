package fr.sesame.auth.key;

import java.security.Provider;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Which JCA provider computes ES256 signatures, {@code sesame.keys.ec-signature-provider}. Signing is most of the CPU
 * a token costs: measured on this project's 2-core benchmark machine, a P-256 signature took about 1 ms with the
 * JDK 17 provider, 0.5 ms with Bouncy Castle, and 0.2 ms with the JDK 25 provider. {@code auto} takes the JDK's from
 * Java 25 on, Bouncy Castle before. The provider is handed to the signer only: the JVM's provider list (TLS and the
 * rest) is left as it is.
 */
public enum EcSignatureProvider {

	/** Bouncy Castle before Java 25, the JDK's from then on. */
	AUTO,

	/** The JDK's first provider for {@code SHA256withECDSA} (SunEC). */
	JDK,

	/** Bouncy Castle's. */
	BOUNCY_CASTLE;

	/** Java feature release from which the JDK's P-256 signatures are the fastest measured. */
	static final int JDK_FAST_FROM = 25;

	/** The provider to sign with, or {@code null} for the JDK's default choice. */
	Provider provider() {
		boolean bouncyCastle = this == BOUNCY_CASTLE
				|| (this == AUTO && Runtime.version().feature() < JDK_FAST_FROM);
		return bouncyCastle ? new BouncyCastleProvider() : null;
	}

}
