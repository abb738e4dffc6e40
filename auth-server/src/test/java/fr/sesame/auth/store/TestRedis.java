package fr.sesame.auth.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The real Redis on 127.0.0.1:6379, seen through a key prefix of its own so that test runs (and replicas of a
 * test) never see each other's keys. Closing it deletes every key under the prefix. One connection serves every
 * test of the JVM: opening one per test costs more than the test.
 */
public final class TestRedis implements AutoCloseable {

	private static LettuceConnectionFactory shared;

	private final List<LettuceConnectionFactory> others = new ArrayList<>();

	private final StringRedisTemplate template;

	private final String prefix = "sesame-test:" + UUID.randomUUID() + ":";

	public TestRedis() {
		this.template = new StringRedisTemplate(shared());
	}

	private static synchronized LettuceConnectionFactory shared() {
		if (shared == null) {
			shared = connect();
		}
		return shared;
	}

	private static LettuceConnectionFactory connect() {
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", 6379));
		connections.afterPropertiesSet();
		connections.start();
		return connections;
	}

	public StringRedisTemplate template() {
		return this.template;
	}

	/** A second client on the same Redis, as another replica would have. */
	public StringRedisTemplate anotherClient() {
		LettuceConnectionFactory other = connect();
		this.others.add(other);
		return new StringRedisTemplate(other);
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
		this.others.forEach(LettuceConnectionFactory::destroy);
	}

}
