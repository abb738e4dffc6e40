package fr.sesame.gateway.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebExchangeDecorator;
import org.springframework.web.server.WebSession;

import fr.sesame.gateway.policy.AgentIdentity;
import fr.sesame.gateway.signin.DiscoveredClientRegistrations;

/**
 * Checks a signed-in browser session on each request for an application: not older than its maximum lifetime, and
 * with an access token refreshed before it expires. A refresh the provider refuses (tokens revoked, agent disabled)
 * ends the session here at once instead of letting it live on.
 */
public final class AgentSessions {

	/**
	 * How long a replica whose refresh was refused looks for tokens another replica refreshed at the same moment
	 * (saved when that replica's request ends), before concluding that the sign-in is over.
	 */
	private static final Duration REFRESHED_ELSEWHERE_WAIT = Duration.ofMillis(200);

	private static final int REFRESHED_ELSEWHERE_LOOKS = 5;

	/** Provider answers to a refresh that mean "this sign-in is over". */
	private static final Set<String> SIGN_IN_OVER = Set.of(OAuth2ErrorCodes.INVALID_GRANT,
			OAuth2ErrorCodes.INVALID_TOKEN, OAuth2ErrorCodes.UNAUTHORIZED_CLIENT, "client_authorization_required");

	private final ReactiveOAuth2AuthorizedClientManager authorizedClients;

	private final ServerOAuth2AuthorizedClientRepository storedClients;

	private final CurrentSessions currentSessions;

	private final Duration maxLifetime;

	private final Duration refreshAhead;

	private final Clock clock;

	/**
	 * Who each sign-in is, read once per ID token rather than on every request: the token object is the one kept in
	 * the session (in memory, or in {@link RecentSessions} with Redis), so it is a key by identity, dropped with it.
	 */
	private final Cache<OidcIdToken, SignIn> signIns = Caffeine.newBuilder()
		// Upkeep on the request's own thread rather than a wake-up of the common ForkJoinPool (see TokenBuckets).
		.executor(Runnable::run)
		.weakKeys()
		.maximumSize(100_000)
		.build();

	/** The agent as its current access token describes it, read once per token in the same way. */
	private final Cache<OAuth2AccessToken, AgentIdentity> current = Caffeine.newBuilder()
		.executor(Runnable::run)
		.weakKeys()
		.maximumSize(100_000)
		.build();

	/**
	 * The token check under way for each session on this replica. The provider rotates refresh tokens: of the
	 * parallel requests a page makes when its access token is due, only the first use of the refresh token would
	 * succeed and the others would end the session, so they wait for that one instead.
	 */
	private final ConcurrentMap<String, CompletableFuture<OAuth2AuthorizedClient>> checking = new ConcurrentHashMap<>();

	public AgentSessions(ReactiveOAuth2AuthorizedClientManager authorizedClients,
			ServerOAuth2AuthorizedClientRepository storedClients, CurrentSessions currentSessions, Duration maxLifetime,
			Duration refreshAhead, Clock clock) {
		this.authorizedClients = authorizedClients;
		this.storedClients = storedClients;
		this.currentSessions = currentSessions;
		this.maxLifetime = maxLifetime;
		this.refreshAhead = refreshAhead;
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
			return this.storedClients
				.<OAuth2AuthorizedClient>loadAuthorizedClient(DiscoveredClientRegistrations.REGISTRATION_ID,
						authentication, exchange)
				.filter(this::usableAsStored)
				.map((client) -> active(user, client))
				.switchIfEmpty(Mono.defer(() -> authorize(exchange, authentication, user, session)));
		});
	}

	/**
	 * Whether the session's tokens can be used as they are: Spring's authorized-client manager would hand them back
	 * unchanged (no refresh token, or an access token not due for refresh), so most requests skip the manager, its
	 * single-flight bookkeeping and a few dozen reactive operators. The test is the refresh provider's own
	 * ({@link SessionConfiguration#REFRESH_AHEAD} before expiry, on the same clock); anything else goes through the
	 * manager as before.
	 */
	private boolean usableAsStored(OAuth2AuthorizedClient client) {
		if (client.getRefreshToken() == null) {
			return true;
		}
		Instant expiresAt = client.getAccessToken().getExpiresAt();
		return expiresAt != null && !this.clock.instant().isAfter(expiresAt.minus(this.refreshAhead));
	}

	private Mono<AgentSession> authorize(ServerWebExchange exchange, OAuth2AuthenticationToken authentication,
			OidcUser user, WebSession session) {
		OAuth2AuthorizeRequest request = OAuth2AuthorizeRequest
			.withClientRegistrationId(DiscoveredClientRegistrations.REGISTRATION_ID)
			.principal(authentication)
			.attribute(ServerWebExchange.class.getName(), exchange)
			.build();
		return authorizeOnce(session.getId(), request).map((client) -> active(user, client))
			.switchIfEmpty(Mono.defer(() -> end(session, "no_tokens")))
			.onErrorResume(OAuth2AuthorizationException.class,
					(ex) -> refused(exchange, authentication, session, ex).map((client) -> active(user, client))
						.switchIfEmpty(Mono.defer(() -> end(session, "refresh_refused"))));
	}

	private Mono<OAuth2AuthorizedClient> authorizeOnce(String sessionId, OAuth2AuthorizeRequest request) {
		return Mono.defer(() -> {
			CompletableFuture<OAuth2AuthorizedClient> mine = new CompletableFuture<>();
			CompletableFuture<OAuth2AuthorizedClient> running = this.checking.putIfAbsent(sessionId, mine);
			if (running != null) {
				// A follower that goes away must not cancel the check it waits for; a check whose own request went away
				// is done again by the next one.
				return Mono.fromFuture(running, true)
					.onErrorResume(CancellationException.class, (ex) -> authorizeOnce(sessionId, request));
			}
			// The check leaves the map before its result is handed on: once the response is on its way, the next
			// request must make a check of its own (a refresh token revoked meanwhile ends the session), not reuse
			// this finished one, which doFinally, running after the response was written, would still have offered.
			return this.authorizedClients.authorize(request)
				.doOnSuccess((client) -> {
					this.checking.remove(sessionId, mine);
					mine.complete(client);
				})
				.doOnError((ex) -> {
					this.checking.remove(sessionId, mine);
					mine.completeExceptionally(ex);
				})
				.doOnCancel(() -> {
					this.checking.remove(sessionId, mine);
					mine.cancel(false);
				});
		});
	}

	/**
	 * A refusal of the provider: the sign-in is over (empty), unless another replica refreshed the same session's
	 * tokens at the same moment (rotated refresh tokens: the second use is refused), in which case its tokens are the
	 * session's. A provider that could not be asked (down, timeout) is not the agent's fault: the session stays and
	 * the error goes on (503 page).
	 */
	private Mono<OAuth2AuthorizedClient> refused(ServerWebExchange exchange, OAuth2AuthenticationToken authentication,
			WebSession session, OAuth2AuthorizationException ex) {
		if (!SIGN_IN_OVER.contains(ex.getError().getErrorCode())) {
			return Mono.error(ex);
		}
		return this.storedClients
			.<OAuth2AuthorizedClient>loadAuthorizedClient(DiscoveredClientRegistrations.REGISTRATION_ID, authentication,
					exchange)
			.flatMap((tried) -> Flux.range(0, REFRESHED_ELSEWHERE_LOOKS)
				.concatMap((look) -> Mono.delay(REFRESHED_ELSEWHERE_WAIT.multipliedBy(Math.min(look, 1)))
					.then(storedNow(exchange, authentication, session.getId())))
				.filter((stored) -> !sameRefreshToken(stored, tried))
				.next());
	}

	private Mono<OAuth2AuthorizedClient> storedNow(ServerWebExchange exchange,
			OAuth2AuthenticationToken authentication, String sessionId) {
		return this.currentSessions.reread(sessionId)
			.flatMap((current) -> this.storedClients.loadAuthorizedClient(
					DiscoveredClientRegistrations.REGISTRATION_ID, authentication,
					new ServerWebExchangeDecorator(exchange) {
						@Override
						public Mono<WebSession> getSession() {
							return Mono.just(current);
						}
					}));
	}

	private static boolean sameRefreshToken(OAuth2AuthorizedClient one, OAuth2AuthorizedClient other) {
		return one.getRefreshToken() != null && other.getRefreshToken() != null
				&& one.getRefreshToken().getTokenValue().equals(other.getRefreshToken().getTokenValue());
	}

	private AgentSession active(OidcUser user, OAuth2AuthorizedClient client) {
		OAuth2AccessToken token = client.getAccessToken();
		SignIn signIn = this.signIns.get(user.getIdToken(), (idToken) -> new SignIn(
				AgentIdentity.fromClaims(idToken.getClaims()), fingerprint(idToken.getTokenValue())));
		AgentIdentity agent = this.current.get(token, (accessToken) -> current(signIn.agent(), accessToken));
		return new AgentSession.Active(agent, signIn.fingerprint(), token.getTokenValue());
	}

	/**
	 * The agent as the latest access token describes it: auth-server puts the same claims in access and ID tokens,
	 * but only the access token is renewed by a refresh, so roles an admin granted or removed (and groups the
	 * directory changed) reach the session within one access token's lifetime instead of at the next sign-in. The
	 * token came straight from auth-server's token endpoint, not from the browser: it is read, not verified again. A
	 * token that is not a JWT, or that names another subject, leaves the sign-in's identity with no role at all.
	 */
	private static AgentIdentity current(AgentIdentity signedIn, OAuth2AccessToken accessToken) {
		try {
			AgentIdentity latest = AgentIdentity
				.fromClaims(SignedJWT.parse(accessToken.getTokenValue()).getJWTClaimsSet().getClaims());
			if (signedIn.subject() != null && signedIn.subject().equals(latest.subject())) {
				return latest;
			}
		}
		catch (ParseException ex) {
			// Falls through: no role rather than the sign-in's possibly outdated ones.
		}
		return new AgentIdentity(signedIn.subject(), signedIn.login(), signedIn.name(), signedIn.email(),
				signedIn.commune(), signedIn.communeName(), Set.of(), Set.of(), signedIn.acr(), signedIn.amr());
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
