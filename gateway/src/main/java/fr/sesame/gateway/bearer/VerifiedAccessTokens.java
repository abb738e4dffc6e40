package fr.sesame.gateway.bearer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import fr.sesame.gateway.bearer.ProviderTokenVerifier.KeysUnavailableException;
import fr.sesame.gateway.bearer.ProviderTokenVerifier.RejectedTokenException;

/**
 * Bearer access tokens for Spring's resource-server support: verified once, then remembered until they expire, so
 * that an API client presenting the same token again costs a hash and a map lookup instead of an ES256 verification.
 * The cache is bounded and keyed by the token's SHA-256, so no token is kept as a key.
 */
public final class VerifiedAccessTokens implements ReactiveJwtDecoder {

	private final ProviderTokenVerifier verifier;

	private final Cache<String, Verified> verified;

	private final MappedJwtClaimSetConverter claimTypes = MappedJwtClaimSetConverter.withDefaults(Map.of());

	private final Clock clock;

	public VerifiedAccessTokens(ProviderTokenVerifier verifier, int maximumSize, Clock clock) {
		this.verifier = verifier;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			// Upkeep on the request's own thread rather than a wake-up of the common ForkJoinPool (see TokenBuckets).
			.executor(Runnable::run)
			.maximumSize(maximumSize)
			.ticker(() -> Duration.ofMillis(clock.millis()).toNanos())
			.expireAfter(new UntilTokenExpiry(clock))
			.build();
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		String key = digest(token);
		Verified known = this.verified.getIfPresent(key);
		if (known != null && known.expiresAt().isAfter(this.clock.instant())) {
			return Mono.just(known.toJwt(token));
		}
		return this.verifier.verify(token).map((claims) -> {
			Verified fresh = verified(token, claims);
			this.verified.put(key, fresh);
			return fresh.toJwt(token);
		}).onErrorMap(RejectedTokenException.class, (ex) -> new BadJwtException("The access token is not accepted: "
				+ ex.getMessage())).onErrorMap(KeysUnavailableException.class, (ex) -> new JwtException(ex.getMessage(), ex));
	}

	/** How many verified tokens are remembered now: for metrics and tests. */
	public long size() {
		this.verified.cleanUp();
		return this.verified.estimatedSize();
	}

	private Verified verified(String token, JWTClaimsSet claims) {
		Map<String, Object> headers;
		try {
			headers = SignedJWT.parse(token).getHeader().toJSONObject();
		}
		catch (java.text.ParseException ex) {
			throw new BadJwtException("The access token is not accepted: not a signed JWT");
		}
		Map<String, Object> converted = this.claimTypes.convert(claims.toJSONObject());
		Instant expiresAt = (claims.getExpirationTime() != null) ? claims.getExpirationTime().toInstant()
				: this.clock.instant();
		return new Verified(Map.copyOf(headers), converted, expiresAt);
	}

	private static String digest(String token) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private record Verified(Map<String, Object> headers, Map<String, Object> claims, Instant expiresAt) {

		Jwt toJwt(String token) {
			return Jwt.withTokenValue(token)
				.headers((h) -> h.putAll(this.headers))
				.claims((c) -> c.putAll(this.claims))
				.build();
		}

	}

	private static final class UntilTokenExpiry implements Expiry<String, Verified> {

		private final Clock clock;

		UntilTokenExpiry(Clock clock) {
			this.clock = clock;
		}

		@Override
		public long expireAfterCreate(String key, Verified value, long currentTime) {
			return Math.max(0, Duration.between(this.clock.instant(), value.expiresAt()).toNanos());
		}

		@Override
		public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
			return expireAfterCreate(key, value, currentTime);
		}

		@Override
		public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
