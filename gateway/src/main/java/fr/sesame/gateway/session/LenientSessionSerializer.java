package fr.sesame.gateway.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

/**
 * Spring Session's serializer (JDK serialization), except that a value this version cannot read, typically a
 * security context written by a gateway with another Spring Security version during a rolling upgrade, reads as
 * absent: the browser signs in again instead of getting errors until its session expires.
 */
public final class LenientSessionSerializer implements RedisSerializer<Object> {

	private static final Logger log = LoggerFactory.getLogger(LenientSessionSerializer.class);

	private final JdkSerializationRedisSerializer jdk;

	public LenientSessionSerializer(ClassLoader classLoader) {
		this.jdk = new JdkSerializationRedisSerializer(classLoader);
	}

	@Override
	public byte[] serialize(Object value) {
		return this.jdk.serialize(value);
	}

	@Override
	public Object deserialize(byte[] bytes) {
		try {
			return this.jdk.deserialize(bytes);
		}
		catch (SerializationException ex) {
			log.debug("Unreadable session value ignored: {}", ex.getMessage());
			return null;
		}
	}

}
