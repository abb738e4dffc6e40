package fr.sesame.gateway.logout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.server.session.InMemoryReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.InMemoryWebSessionStore;

import static org.assertj.core.api.Assertions.assertThat;

class SessionTerminationTest {

	private final InMemoryReactiveOidcSessionRegistry registry = new InMemoryReactiveOidcSessionRegistry();

	private final InMemoryWebSessionStore store = new InMemoryWebSessionStore();

	private final SessionTermination termination = new SessionTermination(this.registry, this.store);

	@Test
	void aRequestInFlightDuringTheLogoutCannotBringTheSessionBack() {
		WebSession session = this.store.createWebSession().block();
		session.getAttributes().put("SPRING_SECURITY_CONTEXT", "signed-in");
		session.save().block();
		this.registry.saveSessionInformation(information(session.getId(), "sid-1")).block();
		WebSession inFlight = this.store.retrieveSession(session.getId()).block();

		long ended = this.termination.end(logoutToken("sid-1")).block();
		inFlight.save().onErrorComplete().block();

		assertThat(ended).isEqualTo(1);
		assertThat(this.store.retrieveSession(session.getId()).blockOptional()).isEmpty();
	}

	@Test
	void onlyTheDesignatedProviderSessionEnds() {
		WebSession kept = this.store.createWebSession().block();
		kept.getAttributes().put("k", "v");
		kept.save().block();
		this.registry.saveSessionInformation(information(kept.getId(), "sid-2")).block();

		assertThat(this.termination.end(logoutToken("sid-other")).block()).isZero();
		assertThat(this.store.retrieveSession(kept.getId()).blockOptional()).isPresent();
	}

	private static OidcSessionInformation information(String sessionId, String sid) {
		OidcIdToken idToken = new OidcIdToken("id-token", Instant.now(), Instant.now().plusSeconds(300),
				Map.of("iss", "http://op.example", "sub", "agent-1", "aud", List.of("sesame-gateway"), "sid", sid));
		return new OidcSessionInformation(sessionId, Map.of(), new DefaultOidcUser(Set.of(), idToken));
	}

	private static OidcLogoutToken logoutToken(String sid) {
		return OidcLogoutToken.withTokenValue("logout-token")
			.issuer("http://op.example")
			.audience(List.of("sesame-gateway"))
			.subject("agent-1")
			.sessionId(sid)
			.issuedAt(Instant.now())
			.jti("jti-" + sid)
			.events(Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()))
			.build();
	}

}
