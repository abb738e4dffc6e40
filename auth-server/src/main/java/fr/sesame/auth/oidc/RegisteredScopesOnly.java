package fr.sesame.auth.oidc;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.lang.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

import fr.sesame.auth.client.registry.Application;
import fr.sesame.auth.client.registry.Applications;

/**
 * Narrows an authorization request to the scopes its client is registered for, before anything else reads it.
 * <p>
 * OpenID Connect Core (3.1.2.1) says scope values an implementation does not understand SHOULD be ignored, and
 * RFC 6749 (3.3) lets the server grant fewer scopes than asked, saying so in the token response's {@code scope}.
 * Relying parties written for other providers ask for {@code offline_access} or their own values; refusing the whole
 * sign-in for it (Spring's default) would lock their agents out for a word Sésame never grants anyway. What is dropped
 * is never granted: the code, the consent and the tokens carry only the registered scopes. A request left with no
 * scope at all is passed on unchanged, so that the validator still refuses it with {@code invalid_scope}.
 */
final class RegisteredScopesOnly implements AuthenticationConverter {

	private final AuthenticationConverter delegate;

	// The application, not Spring's RegisteredClient: every authorization request passes here, and building a
	// RegisteredClient for a scope check would be work the endpoint does again right after.
	private final Applications applications;

	RegisteredScopesOnly(AuthenticationConverter delegate, Applications applications) {
		this.delegate = delegate;
		this.applications = applications;
	}

	@Nullable
	@Override
	public Authentication convert(HttpServletRequest request) {
		Authentication converted = this.delegate.convert(request);
		if (!(converted instanceof OAuth2AuthorizationCodeRequestAuthenticationToken authorizationRequest)
				|| authorizationRequest.getScopes().isEmpty()) {
			return converted;
		}
		Application client = this.applications.find(authorizationRequest.getClientId()).orElse(null);
		if (client == null || client.scopes().containsAll(authorizationRequest.getScopes())) {
			return converted;
		}
		Set<String> registered = new LinkedHashSet<>(authorizationRequest.getScopes());
		registered.retainAll(client.scopes());
		if (registered.isEmpty()) {
			return converted;
		}
		return new OAuth2AuthorizationCodeRequestAuthenticationToken(authorizationRequest.getAuthorizationUri(),
				authorizationRequest.getClientId(), (Authentication) authorizationRequest.getPrincipal(),
				authorizationRequest.getRedirectUri(), authorizationRequest.getState(), registered,
				authorizationRequest.getAdditionalParameters());
	}

}
