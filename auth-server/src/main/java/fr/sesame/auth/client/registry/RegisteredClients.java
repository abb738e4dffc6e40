package fr.sesame.auth.client.registry;

import java.time.Duration;
import java.util.Locale;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import fr.sesame.auth.client.ClientProperties.GrantType;
import fr.sesame.auth.client.ConfiguredClients;

/** Spring's registered client for one of our applications: what the OAuth2 endpoints check requests against. */
final class RegisteredClients {

	private static final Duration AUTHORIZATION_CODE_TTL = Duration.ofMinutes(2);

	private RegisteredClients() {
	}

	static RegisteredClient of(Application application) {
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(application.signingAlgorithm().name());
		RegisteredClient.Builder builder = RegisteredClient.withId(application.internalId())
			.clientId(application.clientId())
			.clientName(application.name())
			.redirectUris((uris) -> uris.addAll(application.redirectUris()))
			.postLogoutRedirectUris((uris) -> uris.addAll(application.postLogoutRedirectUris()))
			.scopes((scopes) -> scopes.addAll(application.scopes()))
			.clientSettings(clientSettings(application))
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(application.accessTokenTtl())
				.refreshTokenTimeToLive(application.refreshTokenTtl())
				.reuseRefreshTokens(false)
				.authorizationCodeTimeToLive(AUTHORIZATION_CODE_TTL)
				.idTokenSignatureAlgorithm(algorithm)
				.build());
		for (GrantType grant : application.grantTypes()) {
			builder.authorizationGrantType(new AuthorizationGrantType(grant.name().toLowerCase(Locale.ROOT)));
		}
		if (application.isPublic()) {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		else {
			builder.clientSecret(application.secretHash())
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		return builder.build();
	}

	private static ClientSettings clientSettings(Application application) {
		ClientSettings.Builder settings = ClientSettings.builder()
			.requireProofKey(application.requirePkce())
			.requireAuthorizationConsent(application.requireConsent());
		if (application.backchannelLogoutUri() != null) {
			settings.setting(ConfiguredClients.BACKCHANNEL_LOGOUT_URI, application.backchannelLogoutUri());
		}
		settings.setting(ConfiguredClients.MFA, application.mfa().name());
		return settings.build();
	}

}
