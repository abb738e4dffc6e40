package fr.sesame.auth.token.client;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import fr.sesame.auth.key.SigningKeys;

/**
 * Access tokens of the client_credentials grant are not stored: a client calling at a thousand grants a second, with
 * tokens living minutes, would keep hundreds of thousands of authorizations in the heap or in Redis for the sole
 * benefit of introspection and revocation. They are JWTs this server signed, so introspection verifies them instead:
 * signature with the published keys, issuer, expiry, the client still registered and allowed the grant, the token not
 * revoked ({@link RevokedClientTokens}). Agents' tokens are stored as before (leavers, sessions, refresh).
 *
 * <p>
 * A verified token is remembered, at most 100,000 of them, until it expires: an ES256 verification costs about a
 * millisecond of CPU on Java 17, an introspection should not. The client and revocation checks run on every call.
 */
public final class ClientTokens {

	private static final JOSEObjectType ACCESS_TOKEN = new JOSEObjectType("at+jwt");

	private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

	private final RegisteredClientRepository clients;

	private final RevokedClientTokens revoked;

	private final Clock clock;

	private final Cache<String, ClientToken> verified;

	public ClientTokens(SigningKeys keys, String issuer, RegisteredClientRepository clients,
			RevokedClientTokens revoked, Clock clock) {
		this.clients = clients;
		this.revoked = revoked;
		this.clock = clock;
		this.processor.setJWSTypeVerifier(
				new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, ACCESS_TOKEN, null));
		this.processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
				Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256), (selector, context) -> selector.select(keys.published())));
		DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
				new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "aud", "exp", "iat", "jti"));
		claims.setMaxClockSkew(0);
		this.processor.setJWTClaimsSetVerifier(claims);
		this.verified = Caffeine.newBuilder().maximumSize(100_000).expireAfter(new UntilExpiry()).build();
	}

	/** Whether an authorization is a client_credentials grant's, which the stores do not keep. */
	public static boolean isStateless(OAuth2Authorization authorization) {
		return AuthorizationGrantType.CLIENT_CREDENTIALS.equals(authorization.getAuthorizationGrantType());
	}

	/** The token, if it is a live client_credentials access token of this server. */
	public Optional<ClientToken> verify(String token) {
		ClientToken known = this.verified.getIfPresent(token);
		ClientToken found = (known != null) ? known : verifyNow(token);
		if (found == null || !this.clock.instant().isBefore(found.expiresAt()) || this.revoked.isRevoked(found)) {
			return Optional.empty();
		}
		RegisteredClient client = this.clients.findByClientId(found.clientId());
		if (client == null || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.CLIENT_CREDENTIALS)) {
			return Optional.empty();
		}
		return Optional.of(found);
	}

	public void revoke(ClientToken token) {
		this.revoked.revoke(token.jti(), token.expiresAt());
	}

	private ClientToken verifyNow(String token) {
		try {
			// A cheap look first: agents' tokens (stored, introspected from the store) name a commune, and a client's
			// token is issued to itself; only what looks like one is worth a signature verification.
			JWTClaimsSet unverified = SignedJWT.parse(token).getJWTClaimsSet();
			if (!looksLikeClientToken(unverified)) {
				return null;
			}
			JWTClaimsSet claims = this.processor.process(token, null);
			if (!looksLikeClientToken(claims)) {
				return null;
			}
			ClientToken verified = new ClientToken(claims.getSubject(), claims.getJWTID(), scopes(claims),
					claims.getIssuer(), claims.getAudience(), instant(claims.getIssueTime()),
					instant(claims.getNotBeforeTime()), instant(claims.getExpirationTime()));
			this.verified.put(token, verified);
			return verified;
		}
		catch (ParseException | BadJOSEException | JOSEException ex) {
			return null;
		}
	}

	private static boolean looksLikeClientToken(JWTClaimsSet claims) {
		List<String> audience = claims.getAudience();
		return claims.getClaim("commune") == null && claims.getSubject() != null && audience.size() == 1
				&& claims.getSubject().equals(audience.get(0));
	}

	private static Set<String> scopes(JWTClaimsSet claims) throws ParseException {
		Object scope = claims.getClaim("scope");
		if (scope instanceof String text) {
			return text.isBlank() ? Set.of() : Set.of(text.trim().split("\\s+"));
		}
		List<String> list = claims.getStringListClaim("scope");
		return (list != null) ? Set.copyOf(new LinkedHashSet<>(list)) : Set.of();
	}

	private static Instant instant(Date date) {
		return (date != null) ? date.toInstant() : null;
	}

	private final class UntilExpiry implements Expiry<String, ClientToken> {

		@Override
		public long expireAfterCreate(String key, ClientToken value, long currentTime) {
			Duration left = Duration.between(ClientTokens.this.clock.instant(), value.expiresAt());
			return Math.max(0, TimeUnit.MILLISECONDS.toNanos(left.toMillis()));
		}

		@Override
		public long expireAfterUpdate(String key, ClientToken value, long currentTime, long currentDuration) {
			return currentDuration;
		}

		@Override
		public long expireAfterRead(String key, ClientToken value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
