package fr.sesame.directory.support;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The real Redis on 127.0.0.1:6379 (started by {@code .ci/run}), seen through a key prefix of its own so that test
 * runs never see each other's keys; closing it deletes them. One connection for every test of the JVM.
 */
public final class TestRedis implements AutoCloseable {

	private static LettuceConnectionFactory shared;

	private final StringRedisTemplate template;

	private final String prefix = "sesame-test:" + UUID.randomUUID() + ":";

	public TestRedis() {
		this.template = new StringRedisTemplate(shared());
	}

	private static synchronized LettuceConnectionFactory shared() {
		if (shared == null) {
			LettuceConnectionFactory connections = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", 6379));
			connections.afterPropertiesSet();
			connections.start();
			shared = connections;
		}
		return shared;
	}

	public StringRedisTemplate template() {
		return this.template;
	}

	public String prefix() {
		return this.prefix;
	}

	public Set<String> keys() {
		Set<String> keys = new HashSet<>();
		try (Cursor<String> cursor = this.template.scan(ScanOptions.scanOptions().match(this.prefix + "*").build())) {
			cursor.forEachRemaining(keys::add);
		}
		return keys;
	}

	@Override
	public void close() {
		Set<String> keys = keys();
		if (!keys.isEmpty()) {
			this.template.delete(keys);
		}
	}

}
