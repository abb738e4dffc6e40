package fr.sesame.auth.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** A client's DPoP key and the proofs (RFC 9449) it signs for each request. */
public final class DPoPProofs {

	private final ECKey key;

	public DPoPProofs() {
		try {
			this.key = new ECKeyGenerator(Curve.P_256).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A proof for {@code method uri}, bound to {@code accessToken} when one is given ({@code ath}). */
	public String proof(String method, String uri, String accessToken) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
			.claim("htm", method)
			.claim("htu", uri)
			.issueTime(new Date());
		if (accessToken != null) {
			claims.claim("ath", sha256(accessToken).toString());
		}
		try {
			SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
				.type(new JOSEObjectType("dpop+jwt"))
				.jwk(this.key.toPublicJWK())
				.build(), claims.build());
			proof.sign(new ECDSASigner(this.key));
			return proof.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Base64URL sha256(String value) {
		try {
			return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
