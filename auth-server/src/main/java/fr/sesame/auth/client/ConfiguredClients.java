package fr.sesame.auth.client;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the clients declared in configuration ({@code sesame.clients}), and names the client settings that Sésame
 * adds to Spring's. The registered-client repository that serves them, with the clients registered at run time, is
 * {@code registry.ClientRegistry}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientProperties.class)
public class ConfiguredClients {

	/** Extra settings key: where the client wants back-channel logout tokens. */
	public static final String BACKCHANNEL_LOGOUT_URI = "settings.client.sesame.backchannel-logout-uri";

	/** Extra settings key: the {@link ClientProperties.ClientMfa} name this client requires. */
	public static final String MFA = "settings.client.sesame.mfa";

}
