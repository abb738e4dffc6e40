package fr.sesame.auth.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.lang.Nullable;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.util.Assert;

import fr.sesame.auth.token.client.ClientTokens;

/**
 * Authorizations held in this process, for the demo and unit tests. Token values index the authorizations
 * directly (no hashing: they never leave the heap), one map per kind of value, keyed by the very string the
 * authorization holds (no copy: a JWT is most of an authorization's size); expired authorizations are swept at most
 * once a minute so the maps only hold what is still alive.
 */
public final class InMemoryAgentAuthorizations implements AgentAuthorizations {

	private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

	private final Map<String, Held> byId = new ConcurrentHashMap<>();

	private final Map<TokenKind, Map<String, String>> idByValue = new EnumMap<>(TokenKind.class);

	private final Map<String, Set<String>> idsByPrincipal = new ConcurrentHashMap<>();

	private final AuthorizationExpiry expiry;

	private final Clock clock;

	private Instant nextSweep;

	public InMemoryAgentAuthorizations(Duration pendingAuthorizationTtl, Clock clock) {
		this.expiry = new AuthorizationExpiry(pendingAuthorizationTtl);
		this.clock = clock;
		this.nextSweep = clock.instant().plus(SWEEP_INTERVAL);
		for (TokenKind kind : TokenKind.values()) {
			this.idByValue.put(kind, new ConcurrentHashMap<>());
		}
	}

	@Override
	public synchronized void save(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		if (ClientTokens.isStateless(authorization)) {
			return;
		}
		Instant now = this.clock.instant();
		sweepIfDue(now);
		forget(authorization.getId());
		for (TokenKind kind : TokenKind.values()) {
			String value = kind.valueIn(authorization);
			if (value != null) {
				this.idByValue.get(kind).put(value, authorization.getId());
			}
		}
		this.byId.put(authorization.getId(), new Held(authorization, this.expiry.of(authorization, now)));
		this.idsByPrincipal.computeIfAbsent(authorization.getPrincipalName(), (name) -> ConcurrentHashMap.newKeySet())
			.add(authorization.getId());
	}

	@Override
	public synchronized void remove(OAuth2Authorization authorization) {
		Assert.notNull(authorization, "authorization cannot be null");
		forget(authorization.getId());
	}

	@Nullable
	@Override
	public OAuth2Authorization findById(String id) {
		Assert.hasText(id, "id cannot be empty");
		return alive(this.byId.get(id), this.clock.instant());
	}

	@Nullable
	@Override
	public OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		Assert.hasText(token, "token cannot be empty");
		Instant now = this.clock.instant();
		for (TokenKind kind : TokenKind.lookedUpFor(tokenType)) {
			String id = this.idByValue.get(kind).get(token);
			OAuth2Authorization authorization = (id != null) ? alive(this.byId.get(id), now) : null;
			if (authorization != null && kind.isHeldBy(authorization, token)) {
				return authorization;
			}
		}
		return null;
	}

	@Override
	public List<OAuth2Authorization> findByPrincipalName(String principalName) {
		Assert.hasText(principalName, "principalName cannot be empty");
		Instant now = this.clock.instant();
		List<OAuth2Authorization> found = new ArrayList<>();
		for (String id : this.idsByPrincipal.getOrDefault(principalName, Set.of())) {
			OAuth2Authorization authorization = alive(this.byId.get(id), now);
			if (authorization != null) {
				found.add(authorization);
			}
		}
		return found;
	}

	@Override
	public synchronized int removeByPrincipalName(String principalName) {
		Assert.hasText(principalName, "principalName cannot be empty");
		List<OAuth2Authorization> found = findByPrincipalName(principalName);
		found.forEach((authorization) -> forget(authorization.getId()));
		return found.size();
	}

	@Override
	public synchronized int removeByRegisteredClientId(String registeredClientId) {
		Assert.hasText(registeredClientId, "registeredClientId cannot be empty");
		List<String> ids = new ArrayList<>();
		this.byId.forEach((id, held) -> {
			if (registeredClientId.equals(held.authorization().getRegisteredClientId())) {
				ids.add(id);
			}
		});
		ids.forEach(this::forget);
		return ids.size();
	}

	@Nullable
	private static OAuth2Authorization alive(@Nullable Held held, Instant now) {
		return (held != null && now.isBefore(held.expiresAt())) ? held.authorization() : null;
	}

	private void forget(String id) {
		Held held = this.byId.remove(id);
		if (held == null) {
			return;
		}
		// The authorization is immutable: it still holds the values it was indexed by.
		for (TokenKind kind : TokenKind.values()) {
			String value = kind.valueIn(held.authorization());
			if (value != null) {
				this.idByValue.get(kind).remove(value, id);
			}
		}
		String principalName = held.authorization().getPrincipalName();
		Set<String> ids = this.idsByPrincipal.get(principalName);
		if (ids != null) {
			ids.remove(id);
			if (ids.isEmpty()) {
				this.idsByPrincipal.remove(principalName);
			}
		}
	}

	private void sweepIfDue(Instant now) {
		if (now.isBefore(this.nextSweep)) {
			return;
		}
		this.nextSweep = now.plus(SWEEP_INTERVAL);
		List<String> expired = new ArrayList<>();
		this.byId.forEach((id, held) -> {
			if (!now.isBefore(held.expiresAt())) {
				expired.add(id);
			}
		});
		expired.forEach(this::forget);
	}

	private record Held(OAuth2Authorization authorization, Instant expiresAt) {
	}

}
