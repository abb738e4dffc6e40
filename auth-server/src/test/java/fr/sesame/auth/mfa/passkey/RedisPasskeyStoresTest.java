package fr.sesame.auth.mfa.passkey;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

import fr.sesame.auth.store.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/** The Redis stores against the real Redis on 127.0.0.1:6379, and the keys they write. */
class RedisPasskeyStoresTest extends PasskeyStoresContract {

	private TestRedis redis;

	private RedisPasskeyUsers users;

	private RedisPasskeyCredentials credentials;

	@BeforeEach
	void connect() {
		this.redis = new TestRedis();
		this.users = new RedisPasskeyUsers(this.redis.template(), this.redis.prefix());
		// Another client, as another replica would read them.
		this.credentials = new RedisPasskeyCredentials(this.redis.anotherClient(), this.redis.prefix());
	}

	@AfterEach
	void clean() {
		this.redis.close();
	}

	@Override
	PublicKeyCredentialUserEntityRepository users() {
		return this.users;
	}

	@Override
	UserCredentialRepository credentials() {
		return this.credentials;
	}

	@Test
	void keysAreTheDocumentedOnesUnderThePrefix() {
		PublicKeyCredentialUserEntity identity = ImmutablePublicKeyCredentialUserEntity.builder()
			.id(Bytes.random())
			.name("sub-1")
			.displayName("Agent")
			.build();
		this.users.save(identity);
		CredentialRecord record = record(identity.getId(), "Clé", java.time.Instant.now(), java.util.Set.of());
		this.credentials.save(record);
		String prefix = this.redis.prefix() + "passkey:";
		assertThat(this.redis.keys()).containsExactlyInAnyOrder(prefix + "user:sub-1",
				prefix + "user-id:" + identity.getId().toBase64UrlString(),
				prefix + "credential:" + record.getCredentialId().toBase64UrlString(),
				prefix + "credentials:" + identity.getId().toBase64UrlString());
		assertThat(this.redis.template().getExpire(prefix + "credential:" + record.getCredentialId().toBase64UrlString()))
			.as("a passkey outlives sessions").isEqualTo(-1);
	}

}
