package fr.sesame.auth.logout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Signs OIDC Back-Channel Logout 1.0 logout tokens (§2.4): {@code iss}, {@code aud}, {@code iat}, {@code exp},
 * {@code jti}, {@code sub} and/or {@code sid}, the back-channel logout event, never a {@code nonce}; typed
 * {@code logout+jwt} (§2.4, recommended) so that no relying party can mistake one for an ID token.
 */
public final class LogoutTokens {

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private static final Duration LIFETIME = Duration.ofMinutes(2);

	private final JwtEncoder encoder;

	private final String issuer;

	public LogoutTokens(JwtEncoder encoder, String issuer) {
		this.encoder = encoder;
		this.issuer = issuer;
	}

	public String issue(RegisteredClient client, String subject, String sid) {
		Instant now = Instant.now();
		JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
			.issuer(this.issuer)
			.audience(List.of(client.getClientId()))
			.issuedAt(now)
			.expiresAt(now.plus(LIFETIME))
			.id(UUID.randomUUID().toString())
			.subject(subject)
			.claim("events", Map.of(EVENT, Map.of()));
		if (sid != null) {
			claims.claim("sid", sid);
		}
		SignatureAlgorithm algorithm = client.getTokenSettings().getIdTokenSignatureAlgorithm();
		JwsHeader header = JwsHeader.with(algorithm).type("logout+jwt").build();
		return this.encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
	}

}
