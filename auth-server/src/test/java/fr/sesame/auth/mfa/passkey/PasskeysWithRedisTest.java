package fr.sesame.auth.mfa.passkey;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.mfa.passkey.PasskeySecondFactorTest.Enrolled;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.directory.sync.DirectorySync;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passkeys with every store in the real Redis on 127.0.0.1:6379 (fails, never skips, without it): the registration
 * ceremony across two requests with the session in Redis (its options must survive serialization), the records under
 * the deployment's key prefix, verification reading them back, and their removal. Keys under a prefix of this run's
 * own, deleted afterwards.
 */
@ActiveProfiles({ "demo", "redis" })
class PasskeysWithRedisTest extends DemoServerTest {

	static final String PREFIX = "sesame-test:" + UUID.randomUUID() + ":";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private Passkeys passkeys;

	@DynamicPropertySource
	static void ownKeyPrefix(DynamicPropertyRegistry registry) {
		registry.add("sesame.store.key-prefix", () -> PREFIX);
		// Second-factor secrets in Redis are sealed: the redis store refuses to start without a key.
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		registry.add("sesame.mfa.encryption-keys[0].id", () -> "passkeys-test");
		registry.add("sesame.mfa.encryption-keys[0].key", () -> Base64.getEncoder().encodeToString(key));
	}

	@Test
	void passkeysLiveInRedisAndCompleteTheSignIn() {
		Enrolled agent = PasskeySecondFactorTest.register("ijacquet@rivebelle.fr", "Clé Redis");
		String credentialId = agent.key().credentialId();

		JsonNode user = JSON.readTree(this.redis.opsForValue().get(PREFIX + "passkey:user:" + agent.sub()));
		String handle = user.path("id").asString();
		assertThat(user.path("name").asString()).isEqualTo(agent.sub());
		assertThat(user.path("displayName").asString()).startsWith("Isabelle Jacquet (");
		assertThat(this.redis.opsForValue().get(PREFIX + "passkey:user-id:" + handle)).isEqualTo(agent.sub());
		assertThat(this.redis.opsForSet().members(PREFIX + "passkey:credentials:" + handle))
			.containsExactly(credentialId);
		JsonNode stored = JSON.readTree(this.redis.opsForValue().get(PREFIX + "passkey:credential:" + credentialId));
		assertThat(stored.path("userId").asString()).isEqualTo(handle);
		assertThat(stored.path("label").asString()).isEqualTo("Clé Redis");
		assertThat(stored.path("publicKey").asString()).matches("[A-Za-z0-9_-]+");
		assertThat(stored.path("attestationObject").asString()).matches("[A-Za-z0-9_-]+");
		assertThat(stored.path("transports").get(0).asString()).isEqualTo("internal");
		assertThat(stored.path("signatureCount").asLong()).isZero();

		assertThat(PasskeySecondFactorTest.verify(agent.browser(), agent.key()).status()).isEqualTo(200);
		JsonNode used = JSON.readTree(this.redis.opsForValue().get(PREFIX + "passkey:credential:" + credentialId));
		assertThat(used.path("signatureCount").asLong()).isEqualTo(1);
		assertThat(used.path("lastUsed").asString()).isNotEqualTo(stored.path("lastUsed").asString());
		assertThat(agent.browser().get("/mfa/passkeys").statusCode()).as("elevated session read back from Redis")
			.isEqualTo(200);

		this.passkeys.removeAll(agent.sub());
		assertThat(this.redis.keys(PREFIX + "passkey:*")).isEmpty();
	}

	/** The synchronisation stops first, or it would write its state again after the clean-up. */
	@AfterAll
	static void deleteKeys(@Autowired DirectorySync sync) {
		sync.stop();
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", 6379));
		connections.afterPropertiesSet();
		connections.start();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(connections);
			Set<String> keys = redis.keys(PREFIX + "*");
			if (keys != null && !keys.isEmpty()) {
				redis.delete(keys);
			}
		}
		finally {
			connections.destroy();
		}
	}

}
