package fr.sesame.auth.mfa.passkey;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.lang.Nullable;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Registered passkeys, in this process. Spring's {@code MapUserCredentialRepository} would do but for its plain hash
 * maps and sets, which concurrent requests may corrupt.
 */
public final class InMemoryPasskeyCredentials implements UserCredentialRepository {

	private final Map<Bytes, CredentialRecord> byId = new ConcurrentHashMap<>();

	private final Map<Bytes, Set<Bytes>> idsByUser = new ConcurrentHashMap<>();

	@Override
	public void save(CredentialRecord credentialRecord) {
		this.byId.put(credentialRecord.getCredentialId(), credentialRecord);
		this.idsByUser.computeIfAbsent(credentialRecord.getUserEntityUserId(), (user) -> ConcurrentHashMap.newKeySet())
			.add(credentialRecord.getCredentialId());
	}

	@Override
	public void delete(Bytes credentialId) {
		CredentialRecord removed = this.byId.remove(credentialId);
		if (removed != null) {
			Set<Bytes> ids = this.idsByUser.get(removed.getUserEntityUserId());
			if (ids != null) {
				ids.remove(credentialId);
			}
		}
	}

	@Nullable
	@Override
	public CredentialRecord findByCredentialId(Bytes credentialId) {
		return this.byId.get(credentialId);
	}

	@Override
	public List<CredentialRecord> findByUserId(Bytes userId) {
		return this.idsByUser.getOrDefault(userId, Set.of())
			.stream()
			.map(this.byId::get)
			.filter(Objects::nonNull)
			.sorted(Comparator.comparing(CredentialRecord::getCreated))
			.toList();
	}

}
