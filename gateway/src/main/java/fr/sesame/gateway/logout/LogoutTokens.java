package fr.sesame.gateway.logout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;

import fr.sesame.gateway.bearer.ProviderTokenVerifier;
import fr.sesame.gateway.bearer.ProviderTokenVerifier.RejectedTokenException;

/**
 * Validates a logout token as OpenID Connect Back-Channel Logout 1.0, section 2.6, says: signed by the provider
 * with one of its keys (ES256 as well as RS256), issuer, audience (our client id), {@code iat}, {@code jti},
 * {@code events} with the back-channel logout event, {@code sid} or {@code sub}, no {@code nonce}; also recent, and
 * not seen before by any replica ({@link UsedLogoutTokens}).
 */
public final class LogoutTokens {

	static final String BACK_CHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private final ProviderTokenVerifier verifier;

	private final Duration maxAge;

	private final Clock clock;

	private final UsedLogoutTokens used;

	public LogoutTokens(ProviderTokenVerifier verifier, Duration maxAge, Clock clock, UsedLogoutTokens used) {
		this.verifier = verifier;
		this.maxAge = maxAge;
		this.clock = clock;
		this.used = used;
	}

	public Mono<OidcLogoutToken> verify(String token) {
		if (token == null || token.isBlank()) {
			return Mono.error(new RejectedTokenException("logout_token is missing"));
		}
		return this.verifier.verify(token)
			.map((claims) -> checked(token, claims))
			.flatMap((logout) -> this.used.firstUse(logout.getId(), this.maxAge.multipliedBy(2))
				.flatMap((first) -> first ? Mono.just(logout)
						: Mono.error(new RejectedTokenException("already used"))));
	}

	private OidcLogoutToken checked(String token, JWTClaimsSet claims) {
		Object events;
		try {
			events = claims.getJSONObjectClaim("events");
		}
		catch (java.text.ParseException ex) {
			throw new RejectedTokenException("events is not a JSON object");
		}
		if (!(events instanceof Map<?, ?> map) || !map.containsKey(BACK_CHANNEL_LOGOUT_EVENT)) {
			throw new RejectedTokenException("events does not hold the back-channel logout event");
		}
		String sid = stringClaim(claims, "sid");
		if (sid == null && claims.getSubject() == null) {
			throw new RejectedTokenException("neither sid nor sub");
		}
		Instant issuedAt = claims.getIssueTime().toInstant();
		if (issuedAt.isBefore(this.clock.instant().minus(this.maxAge))) {
			throw new RejectedTokenException("issued too long ago");
		}
		OidcLogoutToken.Builder logout = OidcLogoutToken.withTokenValue(token)
			.issuer(claims.getIssuer())
			.audience(claims.getAudience())
			.issuedAt(issuedAt)
			.jti(claims.getJWTID())
			.events(Map.of(BACK_CHANNEL_LOGOUT_EVENT, Map.of()));
		if (claims.getSubject() != null) {
			logout.subject(claims.getSubject());
		}
		if (sid != null) {
			logout.sessionId(sid);
		}
		return logout.build();
	}

	private static String stringClaim(JWTClaimsSet claims, String name) {
		Object value = claims.getClaim(name);
		return (value instanceof String text && !text.isBlank()) ? text : null;
	}

}
