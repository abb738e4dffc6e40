package fr.sesame.auth.key;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import fr.sesame.auth.store.TestClock;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtEncodingException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The key life-cycle as the authorization server sees it, through the beans {@link KeyConfiguration} publishes.
 */
class SigningKeysTest {

	static final Duration PERIOD = Duration.ofDays(30);

	static final Duration RETENTION = Duration.ofDays(1);

	static final Duration PRE_PUBLICATION = Duration.ofHours(1);

	private final KeyConfiguration configuration = new KeyConfiguration();

	private TestClock clock;

	private SigningKeys keys;

	private JWKSource<SecurityContext> jwkSource;

	private JwtEncoder encoder;

	private JwtDecoder decoder;

	static SigningKeys signingKeys(SigningKeyStore store, Clock clock) {
		SigningKeys keys = new SigningKeys(store, new RotationPolicy(PERIOD, RETENTION, PRE_PUBLICATION),
				new SigningKeyGenerator(), clock);
		keys.afterPropertiesSet();
		return keys;
	}

	@BeforeEach
	void start() {
		this.clock = TestClock.now();
		this.keys = signingKeys(new InMemorySigningKeyStore(), this.clock);
		this.jwkSource = this.configuration.jwkSource(this.keys);
		this.encoder = new SigningKeyJwtEncoder(this.keys, EcSignatureProvider.AUTO);
		this.decoder = this.configuration.jwtDecoder(this.jwkSource);
	}

	@Test
	void firstStartCreatesAnEs256AndAnRs256KeyNamedByTheirThumbprint() throws Exception {
		List<JWK> published = JWKSet.parse(publishedJson()).getKeys();

		assertThat(published).extracting(JWK::getAlgorithm).containsExactlyInAnyOrder(JWSAlgorithm.ES256,
				JWSAlgorithm.RS256);
		for (JWK key : published) {
			assertThat(key.isPrivate()).isFalse();
			assertThat(key.getKeyID()).isEqualTo(key.computeThumbprint().toString());
		}
	}

	@Test
	void encoderSignsWithTheKeyOfTheAlgorithmInTheHeader() {
		Jwt es256 = encode(SignatureAlgorithm.ES256);
		Jwt rs256 = encode(SignatureAlgorithm.RS256);

		assertThat(es256.getHeaders()).containsEntry("kid", activeKid(KeyType.EC));
		assertThat(rs256.getHeaders()).containsEntry("kid", activeKid(KeyType.RSA));
		assertThat(this.decoder.decode(es256.getTokenValue()).getSubject()).isEqualTo("sub-hdaubigne");
		assertThat(this.decoder.decode(rs256.getTokenValue()).getSubject()).isEqualTo("sub-hdaubigne");
	}

	@ParameterizedTest
	@EnumSource(EcSignatureProvider.class)
	void everyProviderSignsWhatThePublishedKeyVerifiesWithTheClaimsAndTypeAsGiven(EcSignatureProvider provider)
			throws Exception {
		JwtEncoder encoder = new SigningKeyJwtEncoder(this.keys, provider);
		Instant expiresAt = Instant.now().plus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer("http://localhost:9000")
			.subject("sub-hdaubigne")
			.audience(List.of("demo-portal"))
			.issuedAt(expiresAt.minusSeconds(300))
			.expiresAt(expiresAt)
			.claim("roles", List.of("officier-etat-civil"))
			.claim("commune_roles", Map.of("montclair", List.of("agent")))
			.claim("auth_time", 1765000000L)
			.build();

		Jwt issued = encoder.encode(
				JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.ES256).type("at+jwt").build(), claims));
		SignedJWT parsed = SignedJWT.parse(issued.getTokenValue());
		ECKey published = this.keys.published().getKeyByKeyId(activeKid(KeyType.EC)).toECKey();

		assertThat(published.isPrivate()).isFalse();
		assertThat(parsed.verify(new ECDSAVerifier(published))).as("signature").isTrue();
		assertThat(parsed.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
		assertThat(parsed.getHeader().getType()).hasToString("at+jwt");
		assertThat(parsed.getHeader().getKeyID()).isEqualTo(published.getKeyID());
		JWTClaimsSet decoded = parsed.getJWTClaimsSet();
		assertThat(decoded.getIssuer()).isEqualTo("http://localhost:9000");
		assertThat(decoded.getAudience()).containsExactly("demo-portal");
		assertThat(decoded.getExpirationTime().toInstant()).isEqualTo(expiresAt);
		assertThat(decoded.getIssueTime().toInstant()).isEqualTo(expiresAt.minusSeconds(300));
		assertThat(decoded.getStringListClaim("roles")).containsExactly("officier-etat-civil");
		assertThat(decoded.getJSONObjectClaim("commune_roles")).containsEntry("montclair", List.of("agent"));
		assertThat(decoded.getLongClaim("auth_time")).isEqualTo(1765000000L);
		assertThat(issued.getHeaders()).containsEntry("kid", published.getKeyID());
		assertThat(issued.getClaims()).isEqualTo(claims.getClaims());
	}

	@Test
	void encoderRefusesAHeaderItWouldOtherwiseDrop() {
		JwsHeader withJku = JwsHeader.with(SignatureAlgorithm.ES256).jwkSetUrl("https://attacker.example/jwks").build();
		assertThatExceptionOfType(JwtEncodingException.class)
			.isThrownBy(() -> this.encoder.encode(JwtEncoderParameters.from(withJku,
					JwtClaimsSet.builder().subject("sub-hdaubigne").build())))
			.withMessageContaining("jku");
	}

	@Test
	void encoderRefusesAnAlgorithmWeHaveNoKeyFor() {
		assertThatExceptionOfType(JwtEncodingException.class).isThrownBy(() -> encode(SignatureAlgorithm.PS256));
	}

	@Test
	void successorIsPublishedBeforeItSigns() {
		String firstEs256 = activeKid(KeyType.EC);
		this.clock.advance(PERIOD.minus(PRE_PUBLICATION));
		this.keys.refresh();

		assertThat(publishedKids()).hasSize(4).contains(firstEs256);
		assertThat(encode(SignatureAlgorithm.ES256).getHeaders()).containsEntry("kid", firstEs256);

		this.clock.advance(PRE_PUBLICATION);

		assertThat(encode(SignatureAlgorithm.ES256).getHeaders().get("kid")).isNotEqualTo(firstEs256)
			.isEqualTo(activeKid(KeyType.EC));
	}

	@Test
	void rotationSignsWithTheNewKeyAndStillVerifiesTokensOfThePreviousOne() {
		Jwt beforeRotation = encode(SignatureAlgorithm.ES256);
		this.clock.advance(PERIOD);
		this.keys.refresh();

		Jwt afterRotation = encode(SignatureAlgorithm.ES256);

		assertThat(afterRotation.getHeaders().get("kid")).isNotEqualTo(beforeRotation.getHeaders().get("kid"));
		assertThat(publishedKids()).contains((String) beforeRotation.getHeaders().get("kid"),
				(String) afterRotation.getHeaders().get("kid"));
		assertThat(this.decoder.decode(beforeRotation.getTokenValue())).isNotNull();
		assertThat(this.decoder.decode(afterRotation.getTokenValue())).isNotNull();
	}

	@Test
	void previousKeyLeavesTheJwksOnceItsTokensHaveExpired() {
		String previous = (String) encode(SignatureAlgorithm.RS256).getHeaders().get("kid");
		this.clock.advance(PERIOD);
		this.keys.refresh();

		this.clock.advance(RETENTION.minusMinutes(1));
		this.keys.refresh();
		assertThat(publishedKids()).contains(previous);

		this.clock.advance(Duration.ofMinutes(1));
		this.keys.refresh();
		assertThat(publishedKids()).hasSize(2).doesNotContain(previous);
	}

	private Jwt encode(SignatureAlgorithm algorithm) {
		Instant now = this.clock.instant();
		// The decoder checks exp against the real clock: keep tokens valid whatever the test clock says.
		Instant expiresAt = Instant.now().plus(Duration.ofMinutes(5));
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer("http://localhost:9000")
			.subject("sub-hdaubigne")
			.issuedAt(now.isBefore(expiresAt) ? now : expiresAt.minusSeconds(60))
			.expiresAt(expiresAt)
			.build();
		return this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(algorithm).build(), claims));
	}

	private String activeKid(KeyType type) {
		return this.keys.signing()
			.getKeys()
			.stream()
			.filter((key) -> key.getKeyType().equals(type))
			.findFirst()
			.orElseThrow()
			.getKeyID();
	}

	private List<String> publishedKids() {
		return this.keys.published().getKeys().stream().map(JWK::getKeyID).toList();
	}

	private String publishedJson() throws Exception {
		List<JWK> selected = this.jwkSource.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
		return new JWKSet(selected).toString();
	}

}
