package fr.sesame.auth.mfa.passkey;

import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

class InMemoryPasskeyStoresTest extends PasskeyStoresContract {

	private final InMemoryPasskeyUsers users = new InMemoryPasskeyUsers();

	private final InMemoryPasskeyCredentials credentials = new InMemoryPasskeyCredentials();

	@Override
	PublicKeyCredentialUserEntityRepository users() {
		return this.users;
	}

	@Override
	UserCredentialRepository credentials() {
		return this.credentials;
	}

}
