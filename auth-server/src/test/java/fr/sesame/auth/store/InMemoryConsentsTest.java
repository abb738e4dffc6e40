package fr.sesame.auth.store;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

class InMemoryConsentsTest extends ConsentsContract {

	@Override
	protected OAuth2AuthorizationConsentService create() {
		return new InMemoryConsents();
	}

}
