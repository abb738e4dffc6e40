package fr.sesame.gateway.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.MapSession;
import org.springframework.session.data.redis.RedisSessionMapper;

/**
 * A session as a Redis hash, in Spring Session's layout ({@code creationTime}, {@code lastAccessedTime},
 * {@code maxInactiveInterval}, {@code sessionAttr:<name>}, values JDK-serialized), so that sessions written by the
 * previous gateway version stay valid across an upgrade.
 *
 * <p>
 * This gateway adds a {@code version} field (a plain integer, counted up by the write that changes the content), so
 * that a replica can check that the copy it holds is current by reading a few bytes instead of the whole hash.
 *
 * <p>
 * A hash that lacks its creation time or timeout counts as no session. One appears when a request of an older
 * gateway version still in flight saves its session (it writes only what changed, the last access time) just after
 * a back-channel logout or an expiry deleted it; this version writes only into a hash that still exists.
 */
final class SessionHash {

	static final String CREATION_TIME = "creationTime";

	static final String LAST_ACCESSED_TIME = "lastAccessedTime";

	static final String MAX_INACTIVE_INTERVAL = "maxInactiveInterval";

	static final String ATTRIBUTE_PREFIX = "sessionAttr:";

	static final String VERSION = "version";

	private final RedisSerializer<Object> values;

	private final RedisSessionMapper mapper = new RedisSessionMapper();

	SessionHash(RedisSerializer<Object> values) {
		this.values = values;
	}

	/** @return the session, or empty if the hash is incomplete */
	Optional<MapSession> read(String id, Map<String, byte[]> hash) {
		Map<String, Object> values = new HashMap<>();
		hash.forEach((field, value) -> {
			if (!VERSION.equals(field)) {
				values.put(field, this.values.deserialize(value));
			}
		});
		try {
			return Optional.of(this.mapper.apply(id, values));
		}
		catch (IllegalStateException incomplete) {
			return Optional.empty();
		}
	}

	/** What identifies the state of the hash, from the hash itself. */
	static RecentSessions.StoredVersion version(Map<String, byte[]> hash) {
		return new RecentSessions.StoredVersion(hash.get(LAST_ACCESSED_TIME), hash.get(VERSION));
	}

	/** The access time as stored. */
	byte[] storedAccessTime(StoredSession session) {
		return this.values.serialize(session.getLastAccessedTime().toEpochMilli());
	}

	/** Field and value pairs of a session never saved: everything. */
	Fields everything(StoredSession session) {
		Fields fields = new Fields();
		fields.set(CREATION_TIME, session.getCreationTime().toEpochMilli());
		fields.set(MAX_INACTIVE_INTERVAL, (int) session.getMaxInactiveInterval().getSeconds());
		fields.set(LAST_ACCESSED_TIME, session.getLastAccessedTime().toEpochMilli());
		for (String name : session.getAttributeNames()) {
			fields.set(ATTRIBUTE_PREFIX + name, session.getAttribute(name));
		}
		return fields;
	}

	/** What a request changed, with the access time. */
	Fields changes(StoredSession session) {
		Fields fields = accessTime(session);
		if (session.maxInactiveIntervalChanged()) {
			fields.set(MAX_INACTIVE_INTERVAL, (int) session.getMaxInactiveInterval().getSeconds());
		}
		for (String name : session.changedAttributes()) {
			Object value = session.getAttribute(name);
			if (value != null) {
				fields.set(ATTRIBUTE_PREFIX + name, value);
			}
			else {
				fields.remove(ATTRIBUTE_PREFIX + name);
			}
		}
		return fields;
	}

	/** Only the access time. */
	Fields accessTime(StoredSession session) {
		Fields fields = new Fields();
		fields.set(LAST_ACCESSED_TIME, session.getLastAccessedTime().toEpochMilli());
		return fields;
	}

	/** Serialized field names and values to set, and names to delete. */
	final class Fields {

		private final List<byte[]> set = new ArrayList<>();

		private final List<byte[]> removed = new ArrayList<>();

		private void set(String name, Object value) {
			this.set.add(name.getBytes(StandardCharsets.UTF_8));
			this.set.add(SessionHash.this.values.serialize(value));
		}

		private void remove(String name) {
			this.removed.add(name.getBytes(StandardCharsets.UTF_8));
		}

		/** Names and values alternate. */
		List<byte[]> set() {
			return this.set;
		}

		List<byte[]> removed() {
			return this.removed;
		}

	}

}
