package fr.sesame.auth.key;

import java.nio.charset.StandardCharsets;
import java.security.Signature;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class Es256SignerTest {

	private static final JWSHeader ES256 = new JWSHeader(JWSAlgorithm.ES256);

	private final byte[] input = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzdWItaGRhdWJpZ25lIn0".getBytes(StandardCharsets.US_ASCII);

	@Test
	void theJdksVerifierAcceptsItsSignaturesOfEveryMessage() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		Es256Signer signer = new Es256Signer(key);
		for (int i = 0; i < 200; i++) {
			byte[] message = (new String(this.input, StandardCharsets.US_ASCII) + i).getBytes(StandardCharsets.US_ASCII);
			Base64URL signature = signer.sign(ES256, message);
			assertThat(signature.decode()).as("R and S, 32 bytes each").hasSize(64);
			Signature jdk = Signature.getInstance("SHA256withECDSA");
			jdk.initVerify(key.toECPublicKey());
			jdk.update(message);
			assertThat(jdk.verify(ECDSA.transcodeSignatureToDER(signature.decode()))).as("message " + i).isTrue();
		}
	}

	@Test
	void nonceComesFromTheKeyAndTheMessage() throws Exception {
		ECKey key = new ECKeyGenerator(Curve.P_256).generate();
		Es256Signer signer = new Es256Signer(key);
		assertThat(signer.sign(ES256, this.input)).as("RFC 6979: same key and message, same signature")
			.isEqualTo(signer.sign(ES256, this.input));
		assertThat(new Es256Signer(new ECKeyGenerator(Curve.P_256).generate()).sign(ES256, this.input))
			.isNotEqualTo(signer.sign(ES256, this.input));
	}

	@Test
	void signsEs256Only() throws Exception {
		Es256Signer signer = new Es256Signer(new ECKeyGenerator(Curve.P_256).generate());
		assertThatExceptionOfType(JOSEException.class)
			.isThrownBy(() -> signer.sign(new JWSHeader(JWSAlgorithm.ES384), this.input))
			.withMessageContaining("ES384");
		assertThat(signer.supportedJWSAlgorithms()).containsExactly(JWSAlgorithm.ES256);
	}

	@Test
	void refusesAPublicKeyAndOtherCurves() throws Exception {
		ECKey p256 = new ECKeyGenerator(Curve.P_256).generate();
		assertThatExceptionOfType(JOSEException.class).isThrownBy(() -> new Es256Signer(p256.toPublicJWK()));
		assertThatExceptionOfType(JOSEException.class)
			.isThrownBy(() -> new Es256Signer(new ECKeyGenerator(Curve.P_384).generate()));
	}

}
