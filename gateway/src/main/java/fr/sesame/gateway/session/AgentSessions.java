package fr.sesame.gateway.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;

import fr.sesame.gateway.policy.AgentIdentity;
import fr.sesame.gateway.signin.DiscoveredClientRegistrations;

/**
 * Checks a signed-in browser session on each request for an application: not older than its maximum lifetime, and
 * with an access token refreshed before it expires. A refresh the provider refuses (tokens revoked, agent disabled)
 * ends the session here at once instead of letting it live on.
 */
public final class AgentSessions {

	/** Provider answers to a refresh that mean "this sign-in is over". */
	private static final Set<String> SIGN_IN_OVER = Set.of(OAuth2ErrorCodes.INVALID_GRANT,
			OAuth2ErrorCodes.INVALID_TOKEN, OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "client_authorization_required");

	private final ReactiveOAuth2AuthorizedClientManager authorizedClients;

	private final Duration maxLifetime;

	private final Clock clock;

	/**
	 * Who each sign-in is, read once per ID token rather than on every request: the token object is the one kept in
	 * the session (in memory, or in {@link RecentSessions} with Redis), so it is a key by identity, dropped with it.
	 */
	private final Cache<OidcIdToken, SignIn> signIns = Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

	public AgentSessions(ReactiveOAuth2AuthorizedClientManager authorizedClients, Duration maxLifetime, Clock clock) {
		this.authorizedClients = authorizedClients;
		this.maxLifetime = maxLifetime;
		this.clock = clock;
	}

	public Mono<AgentSession> check(ServerWebExchange exchange, OAuth2AuthenticationToken authentication) {
		if (!(authentication.getPrincipal() instanceof OidcUser user)) {
			return Mono.just(new AgentSession.Ended("not_oidc"));
		}
		return exchange.getSession().flatMap((session) -> {
			if (session.getCreationTime().plus(this.maxLifetime).isBefore(this.clock.instant())) {
				return end(session, "max_lifetime");
			}
			OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest
				.withClientRegistrationId(DiscoveredClientRegistrations.REGISTRATION_ID)
				.principal(authentication)
				.attribute(ServerWebExchange.class.getName(), exchange)
				.build();
			return this.authorizedClients.authorize(request)
				.map((client) -> active(user, client))
				.switchIfEmpty(Mono.defer(() -> end(session, "no_tokens")))
				.onErrorResume(OAuth2AuthorizationException.class, (ex) -> refused(session, ex));
		});
	}

	private Mono<AgentSession> refused(WebSession session, OAuth2AuthorizationException ex) {
		if (SIGN_IN_OVER.contains(ex.getError().getErrorCode())) {
			return end(session, "refresh_refused");
		}
		// The provider could not be asked (down, timeout): not the agent's fault, the session stays; 503 page.
		return Mono.error(ex);
	}

	private AgentSession active(OidcUser user, OAuth2AuthorizedClient client) {
		OAuth2AccessToken token = client.getAccessToken();
		SignIn signIn = this.signIns.get(user.getIdToken(), (idToken) -> new SignIn(
				AgentIdentity.fromClaims(idToken.getClaims()), fingerprint(idToken.getTokenValue())));
		return new AgentSession.Active(signIn.agent(), signIn.fingerprint(), token.getTokenValue());
	}

	private static Mono<AgentSession> end(WebSession session, String reason) {
		return session.invalidate().thenReturn(new AgentSession.Ended(reason));
	}

	private record SignIn(AgentIdentity agent, String fingerprint) {

	}

	/** Identifies a sign-in without keeping its token: a different ID token means a different sign-in. */
	static String fingerprint(String idToken) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(idToken.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
