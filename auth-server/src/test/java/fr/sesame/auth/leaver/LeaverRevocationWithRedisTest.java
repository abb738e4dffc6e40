package fr.sesame.auth.leaver;

import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.directory.sync.DirectorySync;

/**
 * The same with every store in the real Redis on 127.0.0.1:6379, as production runs: the index, the events stream
 * read by auth-server's consumer group, Spring Session's sessions, authorizations, leases. Keys under a prefix of
 * this run's own, deleted afterwards.
 */
@ActiveProfiles({ "demo", "redis" })
class LeaverRevocationWithRedisTest extends LeaverRevocationTest {

	static final String PREFIX = "sesame-test:" + UUID.randomUUID() + ":";

	@DynamicPropertySource
	static void ownKeyPrefix(DynamicPropertyRegistry registry) {
		registry.add("sesame.store.key-prefix", () -> PREFIX);
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
