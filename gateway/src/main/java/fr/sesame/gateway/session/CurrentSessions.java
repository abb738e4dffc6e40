package fr.sesame.gateway.session;

import reactor.core.publisher.Mono;

import org.springframework.web.server.WebSession;

/**
 * A session as the store holds it now, not as this replica last saw it: what another replica may have written since
 * (its refreshed tokens). Empty when no other replica shares the sessions.
 */
@FunctionalInterface
public interface CurrentSessions {

	Mono<WebSession> reread(String id);

}
