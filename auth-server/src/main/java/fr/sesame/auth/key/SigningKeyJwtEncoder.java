package fr.sesame.auth.key;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JoseHeaderNames;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

import fr.sesame.auth.startup.OwnThread;

/**
 * Signs every JWT the server issues (ID, access and logout tokens) with the key of its {@code alg} that signs now.
 * Spring's {@code NimbusJwtEncoder} would do the same, but selects the key through a JWK matcher and creates the
 * signature with the JVM's default provider on every call; here one signer per key is kept, and ES256 signatures use
 * the {@link EcSignatureProvider}. Only the headers this server sets are accepted ({@code alg}, {@code kid} set here,
 * {@code typ}); any other is refused rather than dropped.
 * <p>
 * The first signature of each key type loads the classes and precomputes the tables every later one uses: it runs on
 * a thread of its own from construction, and {@link SigningReadiness} waits for it before the web server accepts
 * connections, so neither the start-up's critical path nor the first token pays for it.
 */
public final class SigningKeyJwtEncoder implements JwtEncoder {

	private static final Set<String> ACCEPTED_HEADERS = Set.of(JoseHeaderNames.ALG, JoseHeaderNames.TYP);

	/** A few keys live at once (one per algorithm, plus the next ones): more means keys rotated since. */
	private static final int SIGNERS_KEPT = 16;

	private final SigningKeys keys;

	private final EcSignatureProvider ecSignatures;

	/** One token of each algorithm has been signed. */
	private final CompletableFuture<Void> warmedUp;

	private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();

	public SigningKeyJwtEncoder(SigningKeys keys, EcSignatureProvider provider) {
		this.keys = keys;
		this.ecSignatures = provider;
		this.warmedUp = CompletableFuture.runAsync(this::signOnceWithEveryAlgorithm,
				OwnThread.named("jwt-signer-warm-up"));
	}

	/**
	 * Waits until one token of each algorithm has been signed.
	 * @throws IllegalStateException if this encoder cannot sign
	 */
	public void awaitWarmedUp() {
		OwnThread.await(this.warmedUp, "The token signer could not be prepared");
	}

	/** A throwaway token per algorithm, never handed out: loads and precomputes what every signature uses. */
	private void signOnceWithEveryAlgorithm() {
		for (JWSAlgorithm algorithm : RotationPolicy.ALGORITHMS) {
			encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.from(algorithm.getName())).build(),
					JwtClaimsSet.builder().subject("warm-up").build()));
		}
	}

	@Override
	public Jwt encode(JwtEncoderParameters parameters) throws JwtEncodingException {
		JwsHeader requested = (parameters.getJwsHeader() != null) ? parameters.getJwsHeader()
				: JwsHeader.with(SignatureAlgorithm.RS256).build();
		for (String name : requested.getHeaders().keySet()) {
			if (!ACCEPTED_HEADERS.contains(name)) {
				throw new JwtEncodingException("Unsupported JWS header: " + name);
			}
		}
		JwsAlgorithm algorithm = requested.getAlgorithm();
		JWSAlgorithm jwsAlgorithm = JWSAlgorithm.parse(algorithm.getName());
		JWK key = signingKey(jwsAlgorithm);
		JWSHeader.Builder header = new JWSHeader.Builder(jwsAlgorithm).keyID(key.getKeyID());
		if (requested.getType() != null) {
			header.type(new JOSEObjectType(requested.getType()));
		}
		JwtClaimsSet claims = parameters.getClaims();
		SignedJWT jwt = new SignedJWT(header.build(), convert(claims));
		try {
			jwt.sign(signer(key));
		}
		catch (JOSEException ex) {
			throw new JwtEncodingException("The JWT could not be signed with key " + key.getKeyID(), ex);
		}
		Map<String, Object> headers = new LinkedHashMap<>(requested.getHeaders());
		headers.put(JoseHeaderNames.KID, key.getKeyID());
		return new Jwt(jwt.serialize(), claims.getIssuedAt(), claims.getExpiresAt(), headers, claims.getClaims());
	}

	private JWK signingKey(JWSAlgorithm algorithm) {
		List<JWK> matching = this.keys.signing()
			.getKeys()
			.stream()
			.filter((key) -> algorithm.equals(key.getAlgorithm()))
			.toList();
		if (matching.size() != 1) {
			throw new JwtEncodingException(
					"Expected exactly one signing key for " + algorithm + ", found " + matching.size());
		}
		return matching.get(0);
	}

	private JWSSigner signer(JWK key) {
		if (this.signers.size() > SIGNERS_KEPT) {
			this.signers.clear();
		}
		return this.signers.computeIfAbsent(key.getKeyID(), (kid) -> {
			try {
				if (key instanceof ECKey ec) {
					return this.ecSignatures.signer(ec);
				}
				if (key instanceof RSAKey rsa) {
					return new RSASSASigner(rsa);
				}
			}
			catch (JOSEException ex) {
				throw new JwtEncodingException("Key " + kid + " cannot sign", ex);
			}
			throw new JwtEncodingException("Key " + kid + " is neither EC nor RSA");
		});
	}

	/** Spring's claim types to Nimbus': times as dates, the issuer as a string, the audience as a list. */
	private static JWTClaimsSet convert(JwtClaimsSet claims) {
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder();
		claims.getClaims().forEach((name, value) -> {
			switch (name) {
				case JWTClaimNames.ISSUER -> builder.issuer(value.toString());
				case JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.NOT_BEFORE, JWTClaimNames.ISSUED_AT ->
					builder.claim(name, (value instanceof Instant instant) ? Date.from(instant) : value);
				case JWTClaimNames.AUDIENCE -> builder.audience((value instanceof Collection<?> audiences)
						? audiences.stream().map(Object::toString).toList() : List.of(value.toString()));
				default -> builder.claim(name, value);
			}
		});
		return builder.build();
	}

}
