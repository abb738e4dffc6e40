package fr.sesame.auth.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every consent store does, in memory or in Redis.
 */
abstract class ConsentsContract {

	protected OAuth2AuthorizationConsentService consents;

	protected abstract OAuth2AuthorizationConsentService create();

	@BeforeEach
	void createStore() {
		this.consents = create();
	}

	@Test
	void savedConsentIsFoundWithItsAuthorities() {
		this.consents.save(consent("portal-id", "sub-hdaubigne", "SCOPE_openid", "SCOPE_profile"));

		OAuth2AuthorizationConsent found = this.consents.findById("portal-id", "sub-hdaubigne");

		assertThat(found).isNotNull();
		assertThat(found.getRegisteredClientId()).isEqualTo("portal-id");
		assertThat(found.getPrincipalName()).isEqualTo("sub-hdaubigne");
		assertThat(found.getAuthorities()).extracting(GrantedAuthority::getAuthority)
			.containsExactlyInAnyOrder("SCOPE_openid", "SCOPE_profile");
	}

	@Test
	void savingAgainReplacesTheAuthorities() {
		this.consents.save(consent("portal-id", "sub-hdaubigne", "SCOPE_openid", "SCOPE_profile"));
		this.consents.save(consent("portal-id", "sub-hdaubigne", "SCOPE_openid"));

		assertThat(this.consents.findById("portal-id", "sub-hdaubigne").getAuthorities())
			.extracting(GrantedAuthority::getAuthority)
			.containsExactly("SCOPE_openid");
	}

	@Test
	void consentBelongsToOneClientAndOnePrincipal() {
		this.consents.save(consent("portal-id", "sub-hdaubigne", "SCOPE_openid"));

		assertThat(this.consents.findById("rh-id", "sub-hdaubigne")).isNull();
		assertThat(this.consents.findById("portal-id", "sub-colleague")).isNull();
	}

	@Test
	void removedConsentIsNoLongerFound() {
		OAuth2AuthorizationConsent portal = consent("portal-id", "sub-hdaubigne", "SCOPE_openid");
		this.consents.save(portal);
		this.consents.save(consent("rh-id", "sub-hdaubigne", "SCOPE_openid"));

		this.consents.remove(portal);

		assertThat(this.consents.findById("portal-id", "sub-hdaubigne")).isNull();
		assertThat(this.consents.findById("rh-id", "sub-hdaubigne")).isNotNull();
	}

	private static OAuth2AuthorizationConsent consent(String clientId, String principalName, String... authorities) {
		OAuth2AuthorizationConsent.Builder consent = OAuth2AuthorizationConsent.withId(clientId, principalName);
		for (String authority : authorities) {
			consent.authority(() -> authority);
		}
		return consent.build();
	}

}
