package fr.sesame.directory.event;

import java.util.List;

import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes events on the Redis stream {@code <prefix>directory:events}, which auth-server reads with a consumer
 * group. The stream is trimmed (approximately) to its last {@value #MAX_LENGTH} entries: far more than a day of
 * leavers, and what a consumer that was down for long would still find.
 */
public final class RedisDirectoryEvents implements DirectoryEvents {

	static final long MAX_LENGTH = 100_000;

	private final StringRedisTemplate redis;

	private final String key;

	private final DirectoryEventCodec codec;

	public RedisDirectoryEvents(StringRedisTemplate redis, String keyPrefix, JsonMapper json) {
		this.redis = redis;
		this.key = streamKey(keyPrefix);
		this.codec = new DirectoryEventCodec(json);
	}

	public static String streamKey(String keyPrefix) {
		return keyPrefix + "directory:events";
	}

	@Override
	public void publish(List<DirectoryEvent> events) {
		for (DirectoryEvent event : events) {
			this.redis.opsForStream()
				.add(this.key, this.codec.encode(event), XAddOptions.maxlen(MAX_LENGTH).approximateTrimming(true));
		}
	}

}
