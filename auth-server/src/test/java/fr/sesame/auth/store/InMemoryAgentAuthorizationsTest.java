package fr.sesame.auth.store;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryAgentAuthorizationsTest extends AgentAuthorizationsContract {

	@Override
	protected AgentAuthorizations create(TestClock clock) {
		return new InMemoryAgentAuthorizations(PENDING_TTL, clock);
	}

	@Test
	void authorizationIsForgottenWhenItsRefreshTokenExpires() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);
		String refresh = saved.getRefreshToken().getToken().getTokenValue();

		this.clock.advance(AuthorizationFixtures.ACCESS_TTL.plusMinutes(1));
		assertFound(refresh, OAuth2TokenType.REFRESH_TOKEN, saved);

		this.clock.advance(AuthorizationFixtures.REFRESH_TTL);
		assertThat(this.authorizations.findByToken(refresh, OAuth2TokenType.REFRESH_TOKEN)).isNull();
		assertThat(this.authorizations.findByPrincipalName("sub-hdaubigne")).isEmpty();
	}

	@Test
	void pendingAuthorizationIsForgottenAfterTheConfiguredTime() {
		this.authorizations.save(AuthorizationFixtures.pending("sub-hdaubigne", "state-1"));

		this.clock.advance(PENDING_TTL.plusSeconds(1));

		assertThat(this.authorizations.findByToken("state-1", STATE)).isNull();
	}

	@Test
	void expiredAuthorizationsAreSweptOnTheNextSave() {
		OAuth2Authorization old = AuthorizationFixtures.signedIn("sub-old", this.clock.instant());
		this.authorizations.save(old);
		this.clock.advance(AuthorizationFixtures.REFRESH_TTL.plusMinutes(2));

		this.authorizations.save(AuthorizationFixtures.signedIn("sub-new", this.clock.instant()));

		// Even with the clock turned back, the swept authorization is gone from every index.
		this.clock.advance(AuthorizationFixtures.REFRESH_TTL.plusMinutes(2).negated());
		assertThat(this.authorizations.findById(old.getId())).isNull();
		assertThat(this.authorizations.findByPrincipalName("sub-old")).isEmpty();
	}

}
