package fr.sesame.auth.mfa.passkey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.lang.Nullable;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Registered passkeys in Redis: {@code passkey:credential:<credential id>} holds the record as JSON (bytes in
 * base64url, instants in ISO-8601), {@code passkey:credentials:<user handle>} the set of an agent's credential ids.
 * The attestation object is kept because Spring's verification reads the public key and algorithm from it at every
 * sign-in. Nothing secret is stored: a passkey's private key never leaves the authenticator.
 */
public final class RedisPasskeyCredentials implements UserCredentialRepository {

	private final StringRedisTemplate redis;

	private final String prefix;

	private final JsonMapper json = JsonMapper.builder().build();

	public RedisPasskeyCredentials(StringRedisTemplate redis, String keyPrefix) {
		this.redis = redis;
		this.prefix = keyPrefix + "passkey:";
	}

	@Override
	public void save(CredentialRecord credentialRecord) {
		String id = credentialRecord.getCredentialId().toBase64UrlString();
		this.redis.opsForValue().set(credentialKey(id), this.json.writeValueAsString(StoredCredential.of(credentialRecord)));
		// After the record: whoever lists the agent's set finds every member readable.
		this.redis.opsForSet().add(userKey(credentialRecord.getUserEntityUserId()), id);
	}

	@Override
	public void delete(Bytes credentialId) {
		String id = credentialId.toBase64UrlString();
		CredentialRecord existing = findByCredentialId(credentialId);
		if (existing != null) {
			this.redis.opsForSet().remove(userKey(existing.getUserEntityUserId()), id);
		}
		this.redis.delete(credentialKey(id));
	}

	@Nullable
	@Override
	public CredentialRecord findByCredentialId(Bytes credentialId) {
		String stored = this.redis.opsForValue().get(credentialKey(credentialId.toBase64UrlString()));
		return (stored != null) ? this.json.readValue(stored, StoredCredential.class).toRecord() : null;
	}

	@Override
	public List<CredentialRecord> findByUserId(Bytes userId) {
		Set<String> ids = this.redis.opsForSet().members(userKey(userId));
		if (ids == null || ids.isEmpty()) {
			return List.of();
		}
		List<String> keys = ids.stream().map(this::credentialKey).toList();
		List<String> stored = this.redis.opsForValue().multiGet(keys);
		if (stored == null) {
			return List.of();
		}
		return stored.stream()
			.filter(Objects::nonNull)
			.map((value) -> this.json.readValue(value, StoredCredential.class).toRecord())
			.sorted(Comparator.comparing(CredentialRecord::getCreated))
			.collect(Collectors.toCollection(ArrayList::new));
	}

	private String credentialKey(String credentialId) {
		return this.prefix + "credential:" + credentialId;
	}

	private String userKey(Bytes userId) {
		return this.prefix + "credentials:" + userId.toBase64UrlString();
	}

	/** A {@link CredentialRecord} as stored: every byte array in base64url. */
	record StoredCredential(String credentialId, String userId, String type, String publicKey, long signatureCount,
			boolean uvInitialized, boolean backupEligible, boolean backupState, List<String> transports, String label,
			Instant created, Instant lastUsed, String attestationObject, String attestationClientDataJson) {

		static StoredCredential of(CredentialRecord record) {
			return new StoredCredential(record.getCredentialId().toBase64UrlString(),
					record.getUserEntityUserId().toBase64UrlString(),
					(record.getCredentialType() != null) ? record.getCredentialType().getValue()
							: PublicKeyCredentialType.PUBLIC_KEY.getValue(),
					new Bytes(record.getPublicKey().getBytes()).toBase64UrlString(), record.getSignatureCount(),
					record.isUvInitialized(), record.isBackupEligible(), record.isBackupState(),
					record.getTransports().stream().map(AuthenticatorTransport::getValue).sorted().toList(),
					record.getLabel(), record.getCreated(), record.getLastUsed(), base64(record.getAttestationObject()),
					base64(record.getAttestationClientDataJSON()));
		}

		CredentialRecord toRecord() {
			return ImmutableCredentialRecord.builder()
				.credentialId(Bytes.fromBase64(this.credentialId))
				.userEntityUserId(Bytes.fromBase64(this.userId))
				.credentialType(PublicKeyCredentialType.valueOf(this.type))
				.publicKey(new ImmutablePublicKeyCose(Bytes.fromBase64(this.publicKey).getBytes()))
				.signatureCount(this.signatureCount)
				.uvInitialized(this.uvInitialized)
				.backupEligible(this.backupEligible)
				.backupState(this.backupState)
				.transports(this.transports.stream()
					.map(AuthenticatorTransport::valueOf)
					.collect(Collectors.toUnmodifiableSet()))
				.label(this.label)
				.created(this.created)
				.lastUsed(this.lastUsed)
				.attestationObject((this.attestationObject != null) ? Bytes.fromBase64(this.attestationObject) : null)
				.attestationClientDataJSON((this.attestationClientDataJson != null)
						? Bytes.fromBase64(this.attestationClientDataJson) : null)
				.build();
		}

		private static String base64(@Nullable Bytes bytes) {
			return (bytes != null) ? bytes.toBase64UrlString() : null;
		}

	}

}
