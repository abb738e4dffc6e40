package fr.sesame.auth.client.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import fr.sesame.auth.client.ClientProperties;
import fr.sesame.auth.client.ClientSecretEncoder;
import fr.sesame.auth.store.AgentAuthorizations;
import fr.sesame.auth.token.client.RevokedClientTokens;
import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreConfiguration;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * The client registry: configured clients plus those registered at run time, in memory or in Redis per
 * {@code sesame.store.type}, their secrets hashed under {@code sesame.client-registry.secret-key}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ClientRegistryProperties.class)
public class ClientRegistryConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ClientRegistryConfiguration.class);

	/** Also Spring's password encoder for client authentication: every client secret is checked with it. */
	@Bean
	ClientSecretEncoder clientSecretEncoder(ClientRegistryProperties properties, StoreProperties store) {
		if (properties.hasSecretKey()) {
			return new ClientSecretEncoder(key(properties));
		}
		// A secret hashed by one replica must verify on every other one and after a restart: a per-process key
		// would leave every registered client locked out. Refuse to start instead.
		if (store.type() == StoreType.REDIS) {
			throw new IllegalStateException("sesame.store.type=redis needs sesame.client-registry.secret-key-file (or "
					+ "sesame.client-registry.secret-key), the key of the stored client secret hashes, the same on "
					+ "every replica: base64 of 32 random bytes (openssl rand -base64 32)");
		}
		logger.info("sesame.client-registry.secret-key is not set: client secrets are hashed with a random key that "
				+ "lives as long as this process, as do the clients registered in memory");
		byte[] key = new byte[ClientRegistryProperties.MIN_KEY_BYTES];
		new SecureRandom().nextBytes(key);
		return new ClientSecretEncoder(key);
	}

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	ApplicationStore inMemoryApplicationStore() {
		return new InMemoryApplicationStore();
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	ApplicationStore redisApplicationStore(ObjectProvider<StringRedisTemplate> redis, StoreProperties store,
			ClientRegistryProperties properties, ObjectProvider<Clock> clock) {
		StringRedisTemplate template = StoreConfiguration.redis(redis, "registered clients");
		return new RedisApplicationStore(template, store.keyPrefix(), properties.cacheTtl(),
				clock.getIfUnique(Clock::systemUTC));
	}

	/** Spring's registered-client repository, and the {@link Applications} that roles and policies read. */
	@Bean
	ClientRegistry clientRegistry(ClientProperties properties, ApplicationStore store, CommuneDirectories directories,
			ClientSecretEncoder encoder, ObjectProvider<Clock> clock) {
		if (properties.clients().isEmpty()) {
			throw new IllegalStateException("sesame.clients is empty: declare at least one client");
		}
		return new ClientRegistry(new ConfiguredApplications(properties, encoder), store,
				new RegistrationRules(directories), encoder, clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	ApplicationRemoval applicationRemoval(ClientRegistry registry, AgentAuthorizations authorizations,
			RevokedClientTokens revokedClientTokens, ObjectProvider<Clock> clock) {
		return new ApplicationRemoval(registry, authorizations, revokedClientTokens,
				clock.getIfUnique(Clock::systemUTC));
	}

	private static byte[] key(ClientRegistryProperties properties) {
		String base64;
		if (properties.secretKeyFile() != null) {
			try {
				base64 = Files.readString(properties.secretKeyFile(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new IllegalStateException("sesame.client-registry.secret-key-file cannot be read: "
						+ properties.secretKeyFile(), ex);
			}
			if (!ClientRegistryProperties.decodes(base64)) {
				throw new IllegalStateException("sesame.client-registry.secret-key-file must hold base64 of at least "
						+ "32 random bytes (openssl rand -base64 32)");
			}
		}
		else {
			base64 = properties.secretKey();
		}
		return Base64.getDecoder().decode(base64.strip());
	}

}
