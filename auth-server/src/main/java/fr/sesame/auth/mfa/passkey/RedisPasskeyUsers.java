package fr.sesame.auth.mfa.passkey;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.lang.Nullable;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;

/**
 * The WebAuthn identities of agents in Redis: {@code passkey:user:<sub>} holds the user handle and display name as
 * JSON (bytes in base64url), {@code passkey:user-id:<handle>} the {@code sub} it belongs to, because an assertion
 * names the handle and Spring then looks the agent up by it. Neither expires: a passkey outlives sessions.
 */
public final class RedisPasskeyUsers implements PublicKeyCredentialUserEntityRepository {

	private final StringRedisTemplate redis;

	private final String prefix;

	private final JsonMapper json = JsonMapper.builder().build();

	public RedisPasskeyUsers(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.prefix = keyPrefix + "passkey:";
	}

	@Nullable
	@Override
	public PublicKeyCredentialUserEntity findById(Bytes id) {
		String name = this.redis.opsForValue().get(idKey(id));
		if (name == null) {
			return null;
		}
		PublicKeyCredentialUserEntity user = findByUsername(name);
		// An index left behind by a replaced identity must not resolve to the agent's new one.
		return (user != null && user.getId().equals(id)) ? user : null;
	}

	@Nullable
	@Override
	public PublicKeyCredentialUserEntity findByUsername(String username) {
		String stored = this.redis.opsForValue().get(nameKey(username));
		if (stored == null) {
			return null;
		}
		StoredUser user = this.json.readValue(stored, StoredUser.class);
		return ImmutablePublicKeyCredentialUserEntity.builder()
			.id(Bytes.fromBase64(user.id()))
			.name(user.name())
			.displayName(user.displayName())
			.build();
	}

	@Override
	public void save(PublicKeyCredentialUserEntity userEntity) {
		StoredUser user = new StoredUser(userEntity.getId().toBase64UrlString(), userEntity.getName(),
				userEntity.getDisplayName());
		// The index first: a reader that finds the identity can always resolve its handle.
		this.redis.opsForValue().set(idKey(userEntity.getId()), userEntity.getName());
		this.redis.opsForValue().set(nameKey(userEntity.getName()), this.json.writeValueAsString(user));
	}

	@Override
	public void delete(Bytes id) {
		String name = this.redis.opsForValue().get(idKey(id));
		if (name != null) {
			this.redis.delete(nameKey(name));
		}
		this.redis.delete(idKey(id));
	}

	private String nameKey(String name) {
		return this.prefix + "user:" + name;
	}

	private String idKey(Bytes id) {
		return this.prefix + "user-id:" + id.toBase64UrlString();
	}

	record StoredUser(String id, String name, String displayName) {
	}

}
