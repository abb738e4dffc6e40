package fr.sesame.auth.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.lang.Nullable;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.util.Assert;

/**
 * Consents held in this process, for the demo and unit tests: one per client and principal, replaced on save.
 */
public final class InMemoryConsents implements OAuth2AuthorizationConsentService {

	private final Map<Holder, OAuth2AuthorizationConsent> consents = new ConcurrentHashMap<>();

	@Override
	public void save(OAuth2AuthorizationConsent consent) {
		Assert.notNull(consent, "authorizationConsent cannot be null");
		this.consents.put(Holder.of(consent), consent);
	}

	@Override
	public void remove(OAuth2AuthorizationConsent consent) {
		Assert.notNull(consent, "authorizationConsent cannot be null");
		this.consents.remove(Holder.of(consent));
	}

	@Nullable
	@Override
	public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		Assert.hasText(registeredClientId, "registeredClientId cannot be empty");
		Assert.hasText(principalName, "principalName cannot be empty");
		return this.consents.get(new Holder(registeredClientId, principalName));
	}

	private record Holder(String registeredClientId, String principalName) {

		static Holder of(OAuth2AuthorizationConsent consent) {
			return new Holder(consent.getRegisteredClientId(), consent.getPrincipalName());
		}

	}

}
