package fr.sesame.auth.mfa.passkey;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

import static org.assertj.core.api.Assertions.assertThat;

/** What every passkey store keeps: identities by name and by handle, credentials by id and by agent, every field. */
abstract class PasskeyStoresContract {

	abstract PublicKeyCredentialUserEntityRepository users();

	abstract UserCredentialRepository credentials();

	@Test
	void identitiesAreFoundByNameAndByHandleUntilDeleted() {
		PublicKeyCredentialUserEntity identity = ImmutablePublicKeyCredentialUserEntity.builder()
			.id(Bytes.random())
			.name("0123456789abcdef0123456789abcdef")
			.displayName("Jean Dupont (jdupont@rivebelle.fr)")
			.build();
		users().save(identity);
		assertThat(users().findByUsername(identity.getName())).usingRecursiveComparison().isEqualTo(identity);
		assertThat(users().findById(identity.getId())).usingRecursiveComparison().isEqualTo(identity);
		assertThat(users().findById(Bytes.random())).isNull();

		users().delete(identity.getId());
		assertThat(users().findByUsername(identity.getName())).isNull();
		assertThat(users().findById(identity.getId())).isNull();
	}

	@Test
	void credentialsKeepEveryFieldAndAreListedPerAgentOldestFirst() {
		Bytes agent = Bytes.random();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		CredentialRecord older = record(agent, "Clé USB", now.minusSeconds(60), Set.of(AuthenticatorTransport.USB,
				AuthenticatorTransport.NFC));
		CredentialRecord newer = record(agent, "Poste du bureau", now, Set.of(AuthenticatorTransport.INTERNAL));
		CredentialRecord someoneElse = record(Bytes.random(), "Autre", now, Set.of());
		credentials().save(newer);
		credentials().save(older);
		credentials().save(someoneElse);

		CredentialRecord read = credentials().findByCredentialId(older.getCredentialId());
		assertThat(read).usingRecursiveComparison().isEqualTo(older);
		assertThat(credentials().findByUserId(agent)).extracting(CredentialRecord::getLabel)
			.containsExactly("Clé USB", "Poste du bureau");

		CredentialRecord used = ImmutableCredentialRecord.fromCredentialRecord(older)
			.signatureCount(8)
			.lastUsed(now.plusSeconds(5))
			.build();
		credentials().save(used);
		assertThat(credentials().findByCredentialId(older.getCredentialId())).usingRecursiveComparison().isEqualTo(used);
		assertThat(credentials().findByUserId(agent)).hasSize(2);

		credentials().delete(older.getCredentialId());
		assertThat(credentials().findByCredentialId(older.getCredentialId())).isNull();
		assertThat(credentials().findByUserId(agent)).extracting(CredentialRecord::getLabel)
			.containsExactly("Poste du bureau");
		assertThat(credentials().findByUserId(Bytes.random())).isEmpty();
	}

	static CredentialRecord record(Bytes agent, String label, Instant created, Set<AuthenticatorTransport> transports) {
		return ImmutableCredentialRecord.builder()
			.credentialId(Bytes.random())
			.userEntityUserId(agent)
			.credentialType(PublicKeyCredentialType.PUBLIC_KEY)
			.publicKey(new ImmutablePublicKeyCose(Bytes.random().getBytes()))
			.signatureCount(3)
			.uvInitialized(true)
			.backupEligible(true)
			.backupState(false)
			.transports(transports)
			.label(label)
			.created(created)
			.lastUsed(created)
			.attestationObject(Bytes.random())
			.attestationClientDataJSON(Bytes.random())
			.build();
	}

}
