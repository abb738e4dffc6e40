package fr.sesame.gateway.bearer;

import java.text.ParseException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Verifies a JWT signed by the provider: one of the asymmetric algorithms the provider uses, a key from its JWKS,
 * the exact issuer, an accepted audience, {@code exp}/{@code nbf} within the clock skew, the expected {@code typ},
 * the required claims present and the prohibited ones absent. Unsigned ({@code alg: none}) and HMAC tokens never
 * pass. The signature check may fetch keys and costs about a millisecond of CPU for ES256 on Java 17, so it runs off
 * the event loop.
 */
public final class ProviderTokenVerifier {

	private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.ES384,
			JWSAlgorithm.ES512, JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512, JWSAlgorithm.PS256,
			JWSAlgorithm.PS384, JWSAlgorithm.PS512);

	private final ProviderKeys keys;

	private final Set<String> audiences;

	private final Set<JOSEObjectType> types;

	private final Set<String> requiredClaims;

	private final Set<String> prohibitedClaims;

	private final int clockSkewSeconds;

	public ProviderTokenVerifier(ProviderKeys keys, Set<String> audiences, Set<JOSEObjectType> types,
			Set<String> requiredClaims, Set<String> prohibitedClaims, Duration clockSkew) {
		this.keys = keys;
		this.audiences = Set.copyOf(audiences);
		// A null entry means "no typ header": allowed when the caller says so.
		this.types = Collections.unmodifiableSet(new HashSet<>(types));
		this.requiredClaims = Set.copyOf(requiredClaims);
		this.prohibitedClaims = Set.copyOf(prohibitedClaims);
		this.clockSkewSeconds = (int) clockSkew.toSeconds();
	}

	/**
	 * @param token the compact JWT as received
	 * @return the verified claims; fails with {@link RejectedTokenException} when the token is not acceptable and
	 * with {@link KeysUnavailableException} when the provider's keys cannot be read
	 */
	public Mono<JWTClaimsSet> verify(String token) {
		if (this.audiences.isEmpty()) {
			return Mono.error(new RejectedTokenException("no audience is accepted"));
		}
		SignedJWT jwt;
		try {
			// Parsing first: garbage and unsigned tokens are refused without a thread hop or a key lookup.
			jwt = SignedJWT.parse(token);
		}
		catch (ParseException ex) {
			return Mono.error(new RejectedTokenException("not a signed JWT"));
		}
		if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
			return Mono.error(new RejectedTokenException("algorithm not accepted"));
		}
		return this.keys.source()
			.onErrorMap((ex) -> new KeysUnavailableException("the provider's keys cannot be read", ex))
			.flatMap((source) -> Mono.fromCallable(() -> process(jwt, source)).subscribeOn(Schedulers.boundedElastic()));
	}

	private JWTClaimsSet process(SignedJWT jwt, JWKSource<SecurityContext> source) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(this.types));
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, source));
		DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(this.audiences,
				new JWTClaimsSet.Builder().issuer(this.keys.issuer()).build(), this.requiredClaims,
				this.prohibitedClaims);
		claims.setMaxClockSkew(this.clockSkewSeconds);
		processor.setJWTClaimsSetVerifier(claims);
		try {
			return processor.process(jwt, null);
		}
		catch (RateLimitReachedException ex) {
			// An unknown key id while the key set was fetched moments ago: a forged or stale token.
			throw new RejectedTokenException("signed with an unknown key");
		}
		catch (KeySourceException ex) {
			throw new KeysUnavailableException("the provider's keys cannot be read", ex);
		}
		catch (BadJOSEException | JOSEException ex) {
			// The message says which check failed (expired, audience, issuer, signature); it holds no token content.
			throw new RejectedTokenException(ex.getMessage());
		}
	}

	/** The token is not acceptable. */
	public static final class RejectedTokenException extends RuntimeException {

		public RejectedTokenException(String message) {
			super(message);
		}

	}

	/** The provider's keys could not be read: not the client's fault. */
	public static final class KeysUnavailableException extends RuntimeException {

		public KeysUnavailableException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
