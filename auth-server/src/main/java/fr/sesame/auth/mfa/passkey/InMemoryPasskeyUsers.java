package fr.sesame.auth.mfa.passkey;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.lang.Nullable;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;

/**
 * The WebAuthn identities of agents (their user handle), in this process. Spring's
 * {@code MapPublicKeyCredentialUserEntityRepository} would do but for its plain hash maps, which concurrent requests
 * may corrupt.
 */
public final class InMemoryPasskeyUsers implements PublicKeyCredentialUserEntityRepository {

	private final Map<String, PublicKeyCredentialUserEntity> byName = new ConcurrentHashMap<>();

	private final Map<Bytes, String> namesById = new ConcurrentHashMap<>();

	@Nullable
	@Override
	public PublicKeyCredentialUserEntity findById(Bytes id) {
		String name = this.namesById.get(id);
		return (name != null) ? this.byName.get(name) : null;
	}

	@Nullable
	@Override
	public PublicKeyCredentialUserEntity findByUsername(String username) {
		return this.byName.get(username);
	}

	@Override
	public void save(PublicKeyCredentialUserEntity userEntity) {
		this.byName.put(userEntity.getName(), userEntity);
		this.namesById.put(userEntity.getId(), userEntity.getName());
	}

	@Override
	public void delete(Bytes id) {
		String name = this.namesById.remove(id);
		if (name != null) {
			this.byName.remove(name);
		}
	}

}
