package fr.sesame.auth.store;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link AgentAuthorizations} does, in memory or in Redis.
 */
abstract class AgentAuthorizationsContract {

	static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);

	static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);

	static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);

	static final Duration PENDING_TTL = Duration.ofMinutes(10);

	protected TestClock clock;

	protected AgentAuthorizations authorizations;

	/** @return a store over the given clock, with {@link #PENDING_TTL} for pending authorizations */
	protected abstract AgentAuthorizations create(TestClock clock);

	@BeforeEach
	void createStore() {
		this.clock = TestClock.now();
		this.authorizations = create(this.clock);
	}

	@Test
	void savedAuthorizationIsFoundByIdWithEverythingItHolds() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);

		OAuth2Authorization found = this.authorizations.findById(saved.getId());

		assertThat(found).isNotNull();
		assertThat(found.getRegisteredClientId()).isEqualTo(saved.getRegisteredClientId());
		assertThat(found.getPrincipalName()).isEqualTo("sub-hdaubigne");
		assertThat(found.getAuthorizationGrantType()).isEqualTo(saved.getAuthorizationGrantType());
		assertThat(found.getAuthorizedScopes()).containsExactlyInAnyOrder("openid", "profile");
		assertThat((String) found.getAttribute(OAuth2ParameterNames.STATE))
			.isEqualTo(saved.getAttribute(OAuth2ParameterNames.STATE));

		Authentication signedIn = found.getAttribute(Principal.class.getName());
		assertThat(signedIn.getName()).isEqualTo("sub-hdaubigne");
		assertThat(signedIn.getAuthorities()).singleElement()
			.isInstanceOfSatisfying(FactorGrantedAuthority.class, (factor) -> {
				assertThat(factor.getAuthority()).isEqualTo(FactorGrantedAuthority.PASSWORD_AUTHORITY);
				assertThat(factor.getIssuedAt()).isEqualTo(Instant.parse("2026-11-29T08:00:00Z"));
			});
		OAuth2AuthorizationRequest request = found.getAttribute(OAuth2AuthorizationRequest.class.getName());
		assertThat(request.getAdditionalParameters()).containsEntry("code_challenge_method", "S256");

		assertSameToken(found.getToken(OAuth2AuthorizationCode.class), saved.getToken(OAuth2AuthorizationCode.class));
		assertThat(found.getToken(OAuth2AuthorizationCode.class).isInvalidated()).isTrue();
		assertSameToken(found.getAccessToken(), saved.getAccessToken());
		assertThat(found.getAccessToken().getToken().getTokenType()).isEqualTo(OAuth2AccessToken.TokenType.BEARER);
		assertThat(found.getAccessToken().getToken().getScopes()).containsExactlyInAnyOrder("openid", "profile");
		assertThat(found.getAccessToken().isInvalidated()).isFalse();
		assertSameToken(found.getRefreshToken(), saved.getRefreshToken());
		assertSameToken(found.getToken(OidcIdToken.class), saved.getToken(OidcIdToken.class));

		Map<String, Object> claims = found.getToken(OidcIdToken.class).getToken().getClaims();
		assertThat(claims).containsEntry("name", "Hélène D'Aubigné-Lefèvre")
			.containsEntry("commune", "rivebelle")
			.containsEntry("sid", "session-hash");
		assertThat(claims.get("groups")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.containsExactly("état-civil", "rh");
		assertThat(claims.get("auth_time")).isEqualTo(saved.getToken(OidcIdToken.class).getToken().getAuthenticatedAt());
		assertThat(found.getAccessToken().getClaims()).containsEntry("sub", "sub-hdaubigne");
	}

	@Test
	void authorizationIsFoundByEachOfItsTokenValues() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);
		String state = saved.getAttribute(OAuth2ParameterNames.STATE);
		String code = saved.getToken(OAuth2AuthorizationCode.class).getToken().getTokenValue();
		String access = saved.getAccessToken().getToken().getTokenValue();
		String refresh = saved.getRefreshToken().getToken().getTokenValue();
		String idToken = saved.getToken(OidcIdToken.class).getToken().getTokenValue();

		assertFound(state, STATE, saved);
		assertFound(code, CODE, saved);
		assertFound(access, OAuth2TokenType.ACCESS_TOKEN, saved);
		assertFound(refresh, OAuth2TokenType.REFRESH_TOKEN, saved);
		assertFound(idToken, ID_TOKEN, saved);
		for (String value : List.of(state, code, access, refresh, idToken)) {
			assertFound(value, null, saved);
		}
	}

	@Test
	void tokenIsNotFoundAsAnotherKindOfToken() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);
		String access = saved.getAccessToken().getToken().getTokenValue();
		String refresh = saved.getRefreshToken().getToken().getTokenValue();

		assertThat(this.authorizations.findByToken(access, OAuth2TokenType.REFRESH_TOKEN)).isNull();
		assertThat(this.authorizations.findByToken(refresh, OAuth2TokenType.ACCESS_TOKEN)).isNull();
		assertThat(this.authorizations.findByToken(access, new OAuth2TokenType("unknown"))).isNull();
	}

	@Test
	void unknownTokenIsNotFound() {
		this.authorizations.save(AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant()));

		assertThat(this.authorizations.findByToken("never-issued", null)).isNull();
		assertThat(this.authorizations.findByToken("never-issued", OAuth2TokenType.ACCESS_TOKEN)).isNull();
		assertThat(this.authorizations.findById("never-saved")).isNull();
	}

	@Test
	void removedAuthorizationIsNoLongerFoundByAnyValue() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);

		this.authorizations.remove(saved);

		assertThat(this.authorizations.findById(saved.getId())).isNull();
		assertThat(this.authorizations.findByToken(saved.getAccessToken().getToken().getTokenValue(), null)).isNull();
		assertThat(this.authorizations.findByToken(saved.getRefreshToken().getToken().getTokenValue(), null))
			.isNull();
		assertThat(this.authorizations.findByPrincipalName("sub-hdaubigne")).isEmpty();
	}

	@Test
	void rotatedRefreshTokenNoLongerFindsTheAuthorization() {
		Instant now = this.clock.instant();
		OAuth2Authorization first = AuthorizationFixtures.signedIn("sub-hdaubigne", now);
		this.authorizations.save(first);
		String oldRefresh = first.getRefreshToken().getToken().getTokenValue();
		String newRefresh = AuthorizationFixtures.randomValue("refresh");
		OAuth2Authorization rotated = OAuth2Authorization.from(first)
			.refreshToken(new OAuth2RefreshToken(newRefresh, now, now.plus(AuthorizationFixtures.REFRESH_TTL)))
			.build();

		this.authorizations.save(rotated);

		assertThat(this.authorizations.findByToken(oldRefresh, OAuth2TokenType.REFRESH_TOKEN)).isNull();
		assertFound(newRefresh, OAuth2TokenType.REFRESH_TOKEN, rotated);
	}

	@Test
	void invalidatedTokenIsStillFoundAndMarkedInvalidated() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);
		OAuth2AccessToken access = saved.getAccessToken().getToken();

		this.authorizations.save(OAuth2Authorization.from(saved).invalidate(access).build());

		OAuth2Authorization found = this.authorizations.findByToken(access.getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN);
		assertThat(found).isNotNull();
		assertThat(found.getAccessToken().isInvalidated()).isTrue();
	}

	@Test
	void pendingAuthorizationIsFoundByItsState() {
		OAuth2Authorization pending = AuthorizationFixtures.pending("sub-hdaubigne", "state-af0ifjsldkj");
		this.authorizations.save(pending);

		assertFound("state-af0ifjsldkj", STATE, pending);
	}

	@Test
	void authorizationsOfAPrincipalAreFoundAndRemovedTogether() {
		Instant now = this.clock.instant();
		OAuth2Authorization portal = AuthorizationFixtures.signedIn("sub-leaver", now);
		OAuth2Authorization otherApplication = AuthorizationFixtures.signedIn("sub-leaver", now);
		OAuth2Authorization colleague = AuthorizationFixtures.signedIn("sub-colleague", now);
		List.of(portal, otherApplication, colleague).forEach(this.authorizations::save);

		assertThat(this.authorizations.findByPrincipalName("sub-leaver")).extracting(OAuth2Authorization::getId)
			.containsExactlyInAnyOrder(portal.getId(), otherApplication.getId());

		assertThat(this.authorizations.removeByPrincipalName("sub-leaver")).isEqualTo(2);

		assertThat(this.authorizations.findByPrincipalName("sub-leaver")).isEmpty();
		assertThat(this.authorizations.findByToken(portal.getRefreshToken().getToken().getTokenValue(),
				OAuth2TokenType.REFRESH_TOKEN))
			.isNull();
		assertThat(this.authorizations.findById(otherApplication.getId())).isNull();
		assertThat(this.authorizations.findById(colleague.getId())).isNotNull();
		assertThat(this.authorizations.removeByPrincipalName("sub-leaver")).isZero();
	}

	@Test
	void authorizationsOfADeletedClientAreRemovedTogether() {
		Instant now = this.clock.instant();
		OAuth2Authorization agent = AuthorizationFixtures.signedIn("sub-agent", now);
		OAuth2Authorization colleague = AuthorizationFixtures.signedIn("sub-colleague", now);
		List.of(agent, colleague).forEach(this.authorizations::save);

		assertThat(this.authorizations.removeByRegisteredClientId("another-client-id")).isZero();
		assertThat(this.authorizations.findById(agent.getId())).as("another client's deletion").isNotNull();

		assertThat(this.authorizations.removeByRegisteredClientId(AuthorizationFixtures.PORTAL.getId())).isEqualTo(2);

		assertThat(this.authorizations.findByToken(agent.getAccessToken().getToken().getTokenValue(),
				OAuth2TokenType.ACCESS_TOKEN))
			.isNull();
		assertThat(this.authorizations.findById(colleague.getId())).isNull();
		assertThat(this.authorizations.findByPrincipalName("sub-agent")).isEmpty();
	}

	@Test
	void savingTheSameAuthorizationTwiceKeepsOneEntryForItsPrincipal() {
		OAuth2Authorization saved = AuthorizationFixtures.signedIn("sub-hdaubigne", this.clock.instant());
		this.authorizations.save(saved);
		this.authorizations.save(saved);

		assertThat(this.authorizations.findByPrincipalName("sub-hdaubigne")).hasSize(1);
	}

	protected void assertFound(String value, OAuth2TokenType type, OAuth2Authorization expected) {
		OAuth2Authorization found = this.authorizations.findByToken(value, type);
		assertThat(found).as("found by %s", (type != null) ? type.getValue() : "any type").isNotNull();
		assertThat(found.getId()).isEqualTo(expected.getId());
	}

	private static void assertSameToken(OAuth2Authorization.Token<?> found, OAuth2Authorization.Token<?> saved) {
		assertThat(found).isNotNull();
		assertThat(found.getToken().getTokenValue()).isEqualTo(saved.getToken().getTokenValue());
		assertThat(found.getToken().getIssuedAt()).isEqualTo(saved.getToken().getIssuedAt());
		assertThat(found.getToken().getExpiresAt()).isEqualTo(saved.getToken().getExpiresAt());
		assertThat(found.getToken().getClass()).isEqualTo(saved.getToken().getClass());
	}

}
