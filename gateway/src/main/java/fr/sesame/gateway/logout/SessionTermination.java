package fr.sesame.gateway.logout;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionStore;

/**
 * Ends the gateway sessions a logout token designates: finds them in the provider-session registry and deletes them
 * from the session store. With Redis both are shared, so the sessions end for every replica at once, whichever
 * replica received the token.
 */
public final class SessionTermination {

	private final ReactiveOidcSessionRegistry registry;

	private final WebSessionStore sessions;

	public SessionTermination(ReactiveOidcSessionRegistry registry, WebSessionStore sessions) {
		this.registry = registry;
		this.sessions = sessions;
	}

	/** @return how many sessions ended */
	public Mono<Long> end(OidcLogoutToken token) {
		return this.registry.removeSessionInformation(token)
			.concatMap((session) -> invalidate(session.getSessionId()).thenReturn(1L))
			.count();
	}

	/**
	 * Invalidates rather than only deleting: a request of that session still in flight would otherwise save the
	 * session back into the store when it completes (the in-memory store keeps the very object it hands out).
	 */
	private Mono<Void> invalidate(String sessionId) {
		return this.sessions.retrieveSession(sessionId)
			.flatMap(WebSession::invalidate)
			.then(Mono.defer(() -> this.sessions.removeSession(sessionId)));
	}

}
