package fr.sesame.auth.mfa.passkey;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;

/**
 * An agent's passkeys, by {@code sub}, for pages and other factors: whether it has any, their list, and the changes an
 * agent makes (rename and remove, audited as {@code MFA_CHANGED}). Each change checks that the passkey is the agent's:
 * {@link PasskeyNotFoundException} otherwise. Whether the session may make the change is the caller's to check (see
 * {@link PasskeyAccess#mayChange}).
 */
public final class Passkeys {

	private static final Logger logger = LoggerFactory.getLogger(Passkeys.class);

	private final PublicKeyCredentialUserEntityRepository users;

	private final UserCredentialRepository credentials;

	private final AuditTrail audit;

	public Passkeys(PublicKeyCredentialUserEntityRepository users, UserCredentialRepository credentials, AuditTrail audit) {
		this.users = users;
		this.credentials = credentials;
		this.audit = audit;
	}

	public boolean hasPasskey(String sub) {
		return !records(sub).isEmpty();
	}

	/** Oldest first. */
	public List<PasskeyView> list(String sub) {
		return records(sub).stream()
			.map((record) -> new PasskeyView(record.getCredentialId().toBase64UrlString(), record.getLabel(),
					record.getCreated(), record.getLastUsed()))
			.toList();
	}

	/**
	 * @throws PasskeyNotFoundException when the agent has no passkey with that id
	 * @throws IllegalArgumentException when the label is blank, longer than 64 characters or not printable
	 */
	public void rename(String sub, String credentialId, String label) {
		String clean = PasskeyLabel.clean(label)
			.orElseThrow(() -> new IllegalArgumentException("A passkey's label must be 1 to 64 printable characters"));
		CredentialRecord record = owned(sub, credentialId);
		this.credentials.save(ImmutableCredentialRecord.fromCredentialRecord(record).label(clean).build());
		changed(sub, record, "rename");
	}

	/** @throws PasskeyNotFoundException when the agent has no passkey with that id */
	public void remove(String sub, String credentialId) {
		CredentialRecord record = owned(sub, credentialId);
		this.credentials.delete(record.getCredentialId());
		changed(sub, record, "remove");
	}

	/**
	 * Forgets every passkey of the agent and its WebAuthn identity, for an administrator's reset or a leaver. Not
	 * audited here: the caller records why.
	 */
	public void removeAll(String sub) {
		PublicKeyCredentialUserEntity identity = this.users.findByUsername(sub);
		if (identity == null) {
			return;
		}
		this.credentials.findByUserId(identity.getId())
			.forEach((record) -> this.credentials.delete(record.getCredentialId()));
		this.users.delete(identity.getId());
		logger.info("Every passkey removed: sub={}", sub);
	}

	private List<CredentialRecord> records(String sub) {
		PublicKeyCredentialUserEntity identity = this.users.findByUsername(sub);
		return (identity != null) ? this.credentials.findByUserId(identity.getId()) : List.of();
	}

	private CredentialRecord owned(String sub, String credentialId) {
		PublicKeyCredentialUserEntity identity = this.users.findByUsername(sub);
		Bytes id = parse(credentialId);
		CredentialRecord record = (identity != null && id != null) ? this.credentials.findByCredentialId(id) : null;
		if (record == null || !record.getUserEntityUserId().equals(identity.getId())) {
			throw new PasskeyNotFoundException();
		}
		return record;
	}

	private void changed(String sub, CredentialRecord record, String action) {
		String id = record.getCredentialId().toBase64UrlString();
		logger.info("Passkey changed: sub={} credential={} action={}", sub, id, action);
		this.audit.record(sub, AuditEventType.MFA_CHANGED,
				Map.of("factor", "passkey", "action", action, "credential", id, "ip", RequestAddress.current()));
	}

	private static Bytes parse(String credentialId) {
		if (credentialId == null || credentialId.isEmpty() || credentialId.length() > 1366
				|| !credentialId.matches("[A-Za-z0-9_-]+")) {
			return null;
		}
		try {
			return Bytes.fromBase64(credentialId);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
