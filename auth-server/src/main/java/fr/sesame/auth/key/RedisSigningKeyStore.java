package fr.sesame.auth.key;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.JWK;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Signing keys in Redis, shared by every replica: one hash ({@code signing-keys}) with one field per {@code kid}
 * holding {@code {"activatesAt": …, "sealedJwk": …}} (or {@code "jwk"} when no encryption key is configured).
 * Changes are serialised by a lock key taken with {@code SET NX PX}, released only by its owner.
 */
public final class RedisSigningKeyStore implements SigningKeyStore {

	private static final Logger logger = LoggerFactory.getLogger(RedisSigningKeyStore.class);

	private static final TypeReference<Map<String, String>> DOCUMENT = new TypeReference<>() {
	};

	private static final RedisScript<Long> RELEASE = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0
			""", Long.class);

	/** Longer than any change takes (two key generations); a crashed holder frees the lock after it. */
	private static final Duration LOCK_LEASE = Duration.ofSeconds(30);

	private static final Duration LOCK_WAIT = Duration.ofSeconds(40);

	private static final long LOCK_POLL_MILLIS = 50;

	private final StringRedisTemplate redis;

	private final KeyCipher cipher;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Set<String> reportedUnsealed = ConcurrentHashMap.newKeySet();

	private final String keysKey;

	private final String lockKey;

	public RedisSigningKeyStore(StringRedisTemplate redis, KeyCipher cipher, String keyPrefix) {
		this.redis = redis;
		this.cipher = cipher;
		this.keysKey = keyPrefix + "signing-keys";
		this.lockKey = keyPrefix + "signing-keys:lock";
	}

	@Override
	public List<SigningKey> findAll() {
		Map<Object, Object> stored = this.redis.opsForHash().entries(this.keysKey);
		List<SigningKey> keys = new ArrayList<>(stored.size());
		stored.forEach((kid, document) -> keys.add(read((String) kid, (String) document)));
		return keys;
	}

	@Override
	public void save(SigningKey key) {
		Map<String, String> document = new LinkedHashMap<>();
		document.put("activatesAt", key.activatesAt().toString());
		String jwk = key.jwk().toJSONString();
		if (this.cipher.seals()) {
			document.put("sealedJwk", this.cipher.seal(jwk, key.kid()));
		}
		else {
			document.put("jwk", jwk);
		}
		this.redis.opsForHash().put(this.keysKey, key.kid(), this.json.writeValueAsString(document));
	}

	@Override
	public void remove(String kid) {
		this.redis.opsForHash().delete(this.keysKey, kid);
	}

	@Override
	public void exclusively(Runnable change) {
		String owner = UUID.randomUUID().toString();
		acquire(owner);
		try {
			change.run();
		}
		finally {
			this.redis.execute(RELEASE, List.of(this.lockKey), owner);
		}
	}

	private void acquire(String owner) {
		long deadline = System.nanoTime() + LOCK_WAIT.toNanos();
		while (!Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(this.lockKey, owner, LOCK_LEASE))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Another replica has held the signing-key lock " + this.lockKey
						+ " for more than " + LOCK_WAIT.toSeconds() + " s");
			}
			try {
				Thread.sleep(LOCK_POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the signing-key lock", ex);
			}
		}
	}

	private SigningKey read(String kid, String stored) {
		Map<String, String> document = this.json.readValue(stored, DOCUMENT);
		String jwk = document.get("jwk");
		if (document.containsKey("sealedJwk")) {
			jwk = this.cipher.open(document.get("sealedJwk"), kid);
		}
		else if (this.cipher.seals() && this.reportedUnsealed.add(kid)) {
			logger.warn("Signing key {} is stored unencrypted although an encryption key is configured; it will "
					+ "be dropped by the next rotations", kid);
		}
		try {
			return new SigningKey(JWK.parse(jwk), Instant.parse(document.get("activatesAt")));
		}
		catch (ParseException | RuntimeException ex) {
			// Without the cause: a parser's message may quote the private key.
			throw new IllegalStateException("Stored signing key " + kid + " is not a valid JWK");
		}
	}

}
