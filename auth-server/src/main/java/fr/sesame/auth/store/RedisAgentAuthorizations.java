package fr.sesame.auth.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.lang.Nullable;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.util.Assert;

import fr.sesame.auth.token.client.ClientTokens;

/**
 * Authorizations in Redis, shared by every replica. Keys, under the configured prefix:
 * <ul>
 * <li>{@code authorization:<id>}: the authorization as JSON, expiring with its longest-lived token;</li>
 * <li>{@code authorization:<id>:indexes}: the names of its index keys, so that removing it removes them;</li>
 * <li>{@code authorization-index:<kind>:<sha256 of the value>}: the id, for each state, code and token;</li>
 * <li>{@code authorization-principal:<principal name>}: a sorted set of ids scored by expiry, pruned on every
 * save, to revoke a leaver's authorizations.</li>
 * </ul>
 * Saving and removing run as Lua scripts so that an authorization and its indexes change together. The
 * scripts touch keys of several hash slots: this needs a single Redis (or Sentinel), not Redis Cluster.
 */
public final class RedisAgentAuthorizations implements AgentAuthorizations {

	// KEYS: authorization, its index set, principal set, then the new index keys.
	// ARGV: json, ttl in ms, id, expiry in epoch ms, now in epoch ms.
	private static final RedisScript<Long> SAVE = RedisScript.of("""
			local keep = {}
			for i = 4, #KEYS do keep[KEYS[i]] = true end
			for _, old in ipairs(redis.call('SMEMBERS', KEYS[2])) do
				if not keep[old] then redis.call('DEL', old) end
			end
			redis.call('DEL', KEYS[2])
			redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			for i = 4, #KEYS do
				redis.call('SET', KEYS[i], ARGV[3], 'PX', ARGV[2])
				redis.call('SADD', KEYS[2], KEYS[i])
			end
			if #KEYS >= 4 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
			redis.call('ZADD', KEYS[3], ARGV[4], ARGV[3])
			redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[5])
			if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[3], ARGV[2]) end
			return 1
			""", Long.class);

	// KEYS: authorization, its index set, principal set. ARGV: id.
	private static final RedisScript<Long> REMOVE = RedisScript.of("""
			for _, index in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('DEL', index) end
			local removed = redis.call('DEL', KEYS[1])
			redis.call('DEL', KEYS[2])
			redis.call('ZREM', KEYS[3], ARGV[1])
			return removed
			""", Long.class);

	private final StringRedisTemplate redis;

	private final AuthorizationJson json;

	private final String prefix;

	private final AuthorizationExpiry expiry;

	private final Clock clock;

	RedisAgentAuthorizations(StringRedisTemplate redis, AuthorizationJson json, String keyPrefix,
			Duration pendingAuthorizationTtl, Clock clock) {
		this.redis = redis;
		this.json = json;
		this.prefix = keyPrefix;
		this.expiry = new AuthorizationExpiry(pendingAuthorizationTtl);
		this.clock = clock;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		if (ClientTokens.isStateless(authorization)) {
			return;
		}
		Instant now = this.clock.instant();
		Instant expiresAt = this.expiry.of(authorization, now);
		String id = authorization.getId();
		List<String> keys = new ArrayList<>();
		keys.add(authorizationKey(id));
		keys.add(indexSetKey(id));
		keys.add(principalKey(authorization.getPrincipalName()));
		for (TokenKind kind : TokenKind.values()) {
			String value = kind.valueIn(authorization);
			if (value != null) {
				keys.add(indexKey(kind, TokenDigest.of(value)));
			}
		}
		this.redis.execute(SAVE, keys, this.json.write(authorization),
				Long.toString(Duration.between(now, expiresAt).toMillis()), id, Long.toString(expiresAt.toEpochMilli()),
				Long.toString(now.toEpochMilli()));
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		remove(authorization.getId(), authorization.getPrincipalName());
	}

	private long remove(String id, String principalName) {
		Long removed = this.redis.execute(REMOVE,
				List.of(authorizationKey(id), indexSetKey(id), principalKey(principalName)), id);
		return (removed != null) ? removed : 0;
	}

	@Nullable
	@Override
	public OAuth2Authorization findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		String stored = this.redis.opsForValue().get(authorizationKey(id));
		return (stored != null) ? this.json.read(stored) : null;
	}

	@Nullable
	@Override
	public OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		Assert.hasText(token, "token cannot be empty");
		List<TokenKind> kinds = TokenKind.lookedUpFor(tokenType);
		if (kinds.isEmpty()) {
			return null;
		}
		String digest = TokenDigest.of(token);
		List<String> ids = this.redis.opsForValue()
			.multiGet(kinds.stream().map((kind) -> indexKey(kind, digest)).toList());
		for (int i = 0; i < kinds.size(); i++) {
			String id = (ids != null) ? ids.get(i) : null;
			OAuth2Authorization authorization = (id != null) ? findById(id) : null;
			if (authorization != null && kinds.get(i).isHeldBy(authorization, token)) {
				return authorization;
			}
		}
		return null;
	}

	@Override
	public List<OAuth2Authorization> findByPrincipalName(String principalName) {
		Assert.hasText(principalName, "principalName cannot be empty");
		Set<String> ids = this.redis.opsForZSet()
			.rangeByScore(principalKey(principalName), this.clock.millis(), Double.POSITIVE_INFINITY);
		if (ids == null || ids.isEmpty()) {
			return List.of();
		}
		List<String> stored = this.redis.opsForValue().multiGet(ids.stream().map(this::authorizationKey).toList());
		List<OAuth2Authorization> found = new ArrayList<>();
		if (stored != null) {
			for (String json : stored) {
				OAuth2Authorization authorization = (json != null) ? this.json.read(json) : null;
				if (authorization != null) {
					found.add(authorization);
				}
			}
		}
		return found;
	}

	@Override
	public int removeByPrincipalName(String principalName) {
		Assert.hasText(principalName, "principalName cannot be empty");
		Set<String> ids = this.redis.opsForZSet().range(principalKey(principalName), 0, -1);
		int removed = 0;
		if (ids != null) {
			for (String id : ids) {
				removed += (int) remove(id, principalName);
			}
		}
		return removed;
	}

	// Rare (a client deleted by an admin): a scan of the authorizations rather than an index kept at every save.
	@Override
	public int removeByRegisteredClientId(String registeredClientId) {
		Assert.hasText(registeredClientId, "registeredClientId cannot be empty");
		List<String> keys = new ArrayList<>();
		ScanOptions options = ScanOptions.scanOptions().match(this.prefix + "authorization:*").count(500).build();
		try (Cursor<String> cursor = this.redis.scan(options)) {
			cursor.forEachRemaining((key) -> {
				if (!key.endsWith(":indexes")) {
					keys.add(key);
				}
			});
		}
		int removed = 0;
		for (int from = 0; from < keys.size(); from += 500) {
			List<String> batch = keys.subList(from, Math.min(keys.size(), from + 500));
			List<String> stored = this.redis.opsForValue().multiGet(batch);
			for (int i = 0; stored != null && i < stored.size(); i++) {
				AuthorizationJson.Owner owner = (stored.get(i) != null) ? this.json.owner(stored.get(i)) : null;
				if (owner != null && registeredClientId.equals(owner.registeredClientId())) {
					removed += (int) remove(owner.id(), owner.principalName());
				}
			}
		}
		return removed;
	}

	private String authorizationKey(String id) {
		return this.prefix + "authorization:" + id;
	}

	private String indexSetKey(String id) {
		return this.prefix + "authorization:" + id + ":indexes";
	}

	private String principalKey(String principalName) {
		return this.prefix + "authorization-principal:" + principalName;
	}

	private String indexKey(TokenKind kind, String digest) {
		return this.prefix + "authorization-index:" + kind.parameter() + ':' + digest;
	}

}
