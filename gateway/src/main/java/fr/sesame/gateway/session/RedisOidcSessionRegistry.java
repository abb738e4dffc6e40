package fr.sesame.gateway.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Which gateway session belongs to which provider session ({@code sid}) and agent ({@code sub}), in Redis, so that a
 * logout token received by any replica finds sessions created through every replica.
 *
 * <p>
 * Keys: {@code <prefix>oidc:session:<gateway session id>} a hash (iss, sub, sid, aud);
 * {@code <prefix>oidc:sid:<digest>} and {@code <prefix>oidc:sub:<digest>} sets of gateway session ids. Every key
 * lives as long as a session may ({@code sesame.gateway.session.max-lifetime}). Only these claims are kept, not the
 * ID token.
 */
public final class RedisOidcSessionRegistry implements ReactiveOidcSessionRegistry {

	private final ReactiveStringRedisTemplate redis;

	private final String prefix;

	private final Duration ttl;

	public RedisOidcSessionRegistry(ReactiveStringRedisTemplate redis, String keyPrefix, Duration ttl) {
		this.redis = redis;
		this.prefix = keyPrefix + "oidc:";
		this.ttl = ttl;
	}

	@Override
	public Mono<Void> saveSessionInformation(OidcSessionInformation info) {
		OidcUser user = info.getPrincipal();
		String issuer = String.valueOf(user.getIssuer());
		String sessionKey = sessionKey(info.getSessionId());
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("iss", issuer);
		fields.put("sub", user.getSubject());
		if (user.getIdToken().getClaimAsString("sid") != null) {
			fields.put("sid", user.getIdToken().getClaimAsString("sid"));
		}
		fields.put("aud", String.join(" ", user.getAudience()));
		Mono<Boolean> session = this.redis.opsForHash().putAll(sessionKey, fields).then(this.redis.expire(sessionKey, this.ttl));
		Mono<Boolean> bySubject = index(subjectKey(issuer, user.getSubject()), info.getSessionId());
		Mono<Boolean> bySid = (fields.get("sid") != null) ? index(sidKey(issuer, fields.get("sid")), info.getSessionId())
				: Mono.just(true);
		return session.then(bySubject).then(bySid).then();
	}

	@Override
	public Mono<OidcSessionInformation> removeSessionInformation(String clientSessionId) {
		return load(clientSessionId).flatMap((stored) -> forget(stored).thenReturn(stored.toSessionInformation()));
	}

	@Override
	public Flux<OidcSessionInformation> removeSessionInformation(OidcLogoutToken logoutToken) {
		String issuer = String.valueOf(logoutToken.getIssuer());
		String indexKey = (logoutToken.getSessionId() != null) ? sidKey(issuer, logoutToken.getSessionId())
				: subjectKey(issuer, logoutToken.getSubject());
		return this.redis.opsForSet()
			.members(indexKey)
			.flatMap(this::load)
			.filter((stored) -> stored.matches(logoutToken))
			.concatMap((stored) -> forget(stored).thenReturn(stored.toSessionInformation()));
	}

	private Mono<Boolean> index(String key, String sessionId) {
		return this.redis.opsForSet().add(key, sessionId).then(this.redis.expire(key, this.ttl));
	}

	private Mono<Stored> load(String sessionId) {
		return this.redis.<String, String>opsForHash()
			.entries(sessionKey(sessionId))
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.filter((fields) -> fields.containsKey("iss") && fields.containsKey("sub"))
			.map((fields) -> new Stored(sessionId, fields.get("iss"), fields.get("sub"), fields.get("sid"),
					List.of(fields.getOrDefault("aud", "").split(" "))));
	}

	private Mono<Void> forget(Stored stored) {
		Mono<Long> bySid = (stored.sid() != null)
				? this.redis.opsForSet().remove(sidKey(stored.issuer(), stored.sid()), stored.sessionId())
				: Mono.just(0L);
		return this.redis.delete(sessionKey(stored.sessionId()))
			.then(this.redis.opsForSet().remove(subjectKey(stored.issuer(), stored.subject()), stored.sessionId()))
			.then(bySid)
			.then();
	}

	private String sessionKey(String sessionId) {
		return this.prefix + "session:" + sessionId;
	}

	private String sidKey(String issuer, String sid) {
		return this.prefix + "sid:" + digest(issuer + " " + sid);
	}

	private String subjectKey(String issuer, String subject) {
		return this.prefix + "sub:" + digest(issuer + " " + subject);
	}

	private static String digest(String value) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private record Stored(String sessionId, String issuer, String subject, String sid, List<String> audience) {

		/** OIDC Back-Channel Logout 1.0, 2.6: issuer and audience must match as well as sid or sub. */
		boolean matches(OidcLogoutToken token) {
			if (!this.issuer.equals(String.valueOf(token.getIssuer()))) {
				return false;
			}
			if (token.getAudience() == null || token.getAudience().stream().noneMatch(this.audience::contains)) {
				return false;
			}
			if (token.getSubject() != null && !token.getSubject().equals(this.subject)) {
				return false;
			}
			return token.getSessionId() == null || Objects.equals(token.getSessionId(), this.sid);
		}

		OidcSessionInformation toSessionInformation() {
			Map<String, Object> claims = new LinkedHashMap<>();
			claims.put("iss", this.issuer);
			claims.put("sub", this.subject);
			claims.put("aud", this.audience);
			if (this.sid != null) {
				claims.put("sid", this.sid);
			}
			// The registry keeps claims, not the ID token: the token value below is a placeholder, never used.
			OidcIdToken claimsOnly = new OidcIdToken("not-kept", null, null, claims);
			return new OidcSessionInformation(this.sessionId, Map.of(), new DefaultOidcUser(Set.of(), claimsOnly));
		}

	}

}
