package fr.sesame.auth.client;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

import fr.sesame.auth.client.ClientProperties.Client;
import fr.sesame.auth.client.ClientProperties.GrantType;

/**
 * Turns the declared clients into Spring's registered clients. The secret is hashed here, once, and the plain value
 * is not kept.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientProperties.class)
public class ConfiguredClients {

	/** Extra settings key: where the client wants back-channel logout tokens. */
	public static final String BACKCHANNEL_LOGOUT_URI = "settings.client.sesame.backchannel-logout-uri";

	/** Extra settings key: the {@link ClientProperties.ClientMfa} name this client requires. */
	public static final String MFA = "settings.client.sesame.mfa";

	@Bean
	ClientSecretEncoder clientSecretEncoder() {
		// Declared secrets are hashed at every start, so a per-process key is enough and never has to be stored.
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return new ClientSecretEncoder(key);
	}

	@Bean
	RegisteredClientRepository registeredClientRepository(ClientProperties properties, ClientSecretEncoder encoder) {
		if (properties.clients().isEmpty()) {
			throw new IllegalStateException("sesame.clients is empty: declare at least one client");
		}
		List<RegisteredClient> clients = properties.clients()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.map((entry) -> toRegisteredClient(entry.getKey(), entry.getValue(), encoder))
			.toList();
		return new InMemoryRegisteredClientRepository(clients);
	}

	static RegisteredClient toRegisteredClient(String clientId, Client client, ClientSecretEncoder encoder) {
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(client.signingAlgorithm().name());
		RegisteredClient.Builder builder = RegisteredClient.withId(clientId)
			.clientId(clientId)
			.clientName(client.name())
			.redirectUris((uris) -> client.redirectUris().forEach((uri) -> uris.add(uri.toString())))
			.postLogoutRedirectUris((uris) -> client.postLogoutRedirectUris().forEach((uri) -> uris.add(uri.toString())))
			.scopes((scopes) -> scopes.addAll(client.scopes()))
			.clientSettings(clientSettings(client))
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(client.accessTokenTtl())
				.refreshTokenTimeToLive(client.refreshTokenTtl())
				.reuseRefreshTokens(false)
				.authorizationCodeTimeToLive(java.time.Duration.ofMinutes(2))
				.idTokenSignatureAlgorithm(algorithm)
				.build());
		for (GrantType grant : client.grantTypes()) {
			builder.authorizationGrantType(new AuthorizationGrantType(grant.name().toLowerCase(java.util.Locale.ROOT)));
		}
		if (client.isPublic()) {
			builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
		}
		else {
			builder.clientSecret(encoder.encode(client.secret()))
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
		}
		return builder.build();
	}

	private static ClientSettings clientSettings(Client client) {
		ClientSettings.Builder settings = ClientSettings.builder()
			.requireProofKey(client.requirePkce())
			.requireAuthorizationConsent(client.requireConsent());
		if (client.backchannelLogoutUri() != null) {
			settings.setting(BACKCHANNEL_LOGOUT_URI, client.backchannelLogoutUri().toString());
		}
		settings.setting(MFA, client.mfa().name());
		return settings.build();
	}

}
