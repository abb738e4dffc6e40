package fr.sesame.auth.client.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import fr.sesame.auth.token.client.InMemoryRevokedClientTokens;
import fr.sesame.auth.token.client.RevokedClientTokens;
import fr.sesame.auth.client.ClientSecretEncoder;
import fr.sesame.auth.client.ConfiguredClients;
import fr.sesame.auth.store.AgentAuthorizations;
import fr.sesame.auth.store.InMemoryAgentAuthorizations;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;
import fr.sesame.auth.store.TestRedis;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.connector.DirectoryConnector;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sesame.client-registry.*}: memory mode needs no key; Redis mode refuses to start without one, since a secret
 * hashed by one replica must verify on the others and after a restart; every bad key is refused naming its key.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientRegistryConfigurationTest {

	private static final String KEY = randomKey();

	private final TestRedis redis = new TestRedis();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ConfiguredClients.class, ClientRegistryConfiguration.class)
		.withBean(CommuneDirectories.class, NoCommunes::new)
		.withBean(AgentAuthorizations.class,
				() -> new InMemoryAgentAuthorizations(Duration.ofMinutes(10), Clock.systemUTC()))
		.withBean(RevokedClientTokens.class, () -> new InMemoryRevokedClientTokens(Clock.systemUTC()))
		.withPropertyValues("sesame.clients.demo-spa.name=Demo",
				"sesame.clients.demo-spa.grant-types[0]=authorization_code",
				"sesame.clients.demo-spa.redirect-uris[0]=http://127.0.0.1:9999/callback");

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void memoryModeNeedsNoKey(CapturedOutput output) {
		memoryRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(ApplicationStore.class).isInstanceOf(InMemoryApplicationStore.class);
			assertThat(context).getBean(RegisteredClientRepository.class).isInstanceOf(ClientRegistry.class);
			assertThat(context.getBean(ClientRegistry.class).find("demo-spa")).get()
				.satisfies((client) -> assertThat(client.isConfigured()).isTrue());
		});
		assertThat(output).contains("sesame.client-registry.secret-key is not set");
	}

	@Test
	void redisModeRefusesToStartWithoutAKey() {
		redisRunner().run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.hasStackTraceContaining("sesame.store.type=redis needs sesame.client-registry.secret-key-file"));
	}

	@Test
	void aSecretRegisteredOnOneReplicaVerifiesOnAnotherWithTheSameKeyFile(@TempDir Path directory) throws Exception {
		Path file = Files.writeString(directory.resolve("client-secret-key"), KEY + "\n");
		String[] issued = new String[2];
		redisRunner().withPropertyValues("sesame.client-registry.secret-key-file=" + file).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(ApplicationStore.class).isInstanceOf(RedisApplicationStore.class);
			ClientRegistry.Registration registration = context.getBean(ClientRegistry.class)
				.register("batch-rh", ApplicationForm.empty()
					.with(Map.of("name", "Batch RH", "grant_types", List.of("client_credentials"))));
			issued[0] = registration.secret();
		});
		redisRunner().withPropertyValues("sesame.client-registry.secret-key=" + KEY).run((context) -> {
			String hash = context.getBean(ClientRegistry.class).findByClientId("batch-rh").getClientSecret();
			assertThat(hash).doesNotContain(issued[0]);
			assertThat(context.getBean(ClientSecretEncoder.class).matches(issued[0], hash)).isTrue();
		});
		redisRunner().withPropertyValues("sesame.client-registry.secret-key=" + randomKey()).run((context) -> {
			String hash = context.getBean(ClientRegistry.class).findByClientId("batch-rh").getClientSecret();
			assertThat(context.getBean(ClientSecretEncoder.class).matches(issued[0], hash))
				.as("another key verifies nothing").isFalse();
		});
	}

	@Test
	void badKeysAreRefusedNamingTheirKey(@TempDir Path directory) throws Exception {
		assertRefused("sesame.client-registry.secret-key must be base64 of at least 32 random bytes",
				"sesame.client-registry.secret-key=" + Base64.getEncoder().encodeToString(new byte[16]));
		assertRefused("sesame.client-registry: set secret-key or secret-key-file, not both",
				"sesame.client-registry.secret-key=" + KEY,
				"sesame.client-registry.secret-key-file=" + directory.resolve("key"));
		assertRefused("sesame.client-registry.secret-key-file cannot be read",
				"sesame.client-registry.secret-key-file=" + directory.resolve("absent"));
		Path shortKey = Files.writeString(directory.resolve("short"), "c2hvcnQ=");
		assertRefused("sesame.client-registry.secret-key-file must hold base64 of at least 32 random bytes",
				"sesame.client-registry.secret-key-file=" + shortKey);
		assertRefused("sesame.client-registry.cache-ttl must be between 0s and 2s",
				"sesame.client-registry.cache-ttl=5s");
	}

	private void assertRefused(String message, String... properties) {
		memoryRunner().withPropertyValues(properties).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.hasStackTraceContaining(message));
	}

	private ApplicationContextRunner memoryRunner() {
		return this.runner.withBean(StoreProperties.class,
				() -> new StoreProperties(StoreType.MEMORY, this.redis.prefix(), Duration.ofMinutes(10)));
	}

	private ApplicationContextRunner redisRunner() {
		return this.runner
			.withBean(StoreProperties.class,
					() -> new StoreProperties(StoreType.REDIS, this.redis.prefix(), Duration.ofMinutes(10)))
			.withBean(StringRedisTemplate.class, this.redis::template)
			.withPropertyValues("sesame.store.type=redis");
	}

	private static String randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	/** No commune: registrations here name none. */
	private static final class NoCommunes implements CommuneDirectories {

		@Override
		public Collection<Commune> communes() {
			return List.of();
		}

		@Override
		public Optional<DirectoryConnector> connector(String communeId) {
			return Optional.empty();
		}

		@Override
		public Optional<CommuneLogin> resolve(String typedLogin, String pickedCommuneId) {
			return Optional.empty();
		}

	}

}
