package fr.sesame.auth.key;

class InMemorySigningKeyStoreTest extends SigningKeyStoreContract {

	@Override
	protected SigningKeyStore create() {
		return new InMemorySigningKeyStore();
	}

}
