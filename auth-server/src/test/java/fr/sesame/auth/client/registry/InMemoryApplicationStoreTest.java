package fr.sesame.auth.client.registry;

class InMemoryApplicationStoreTest extends ApplicationStoreContract {

	@Override
	protected ApplicationStore create() {
		return new InMemoryApplicationStore();
	}

}
