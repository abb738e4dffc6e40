package fr.sesame.auth.support;

import java.net.URI;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/** Verifies tokens as a relying party does: signature against the issuer's JWKS, then expiry. */
public final class SignedTokens {

	private SignedTokens() {
	}

	public static JWTClaimsSet verify(String issuer, String jwt) throws Exception {
		return verify(issuer, jwt, new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
	}

	/** A logout token must be explicitly typed, so that it can never pass for an ID token. */
	public static JWTClaimsSet verifyLogoutToken(String issuer, String jwt) throws Exception {
		return verify(issuer, jwt, new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")));
	}

	private static JWTClaimsSet verify(String issuer, String jwt, JOSEObjectTypeVerifier<SecurityContext> type)
			throws Exception {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(type);
		JWKSet published = JWKSet.load(URI.create(issuer + "/oauth2/jwks").toURL());
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
				new ImmutableJWKSet<>(published)));
		return processor.process(jwt, null);
	}

}
