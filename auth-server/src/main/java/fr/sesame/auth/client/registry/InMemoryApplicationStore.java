package fr.sesame.auth.client.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Registered clients held by this process: the demo's store, gone at restart. */
public final class InMemoryApplicationStore implements ApplicationStore {

	private final Map<String, Application> byId = new ConcurrentHashMap<>();

	@Override
	public List<Application> all() {
		return this.byId.values().stream().sorted(Comparator.comparing(Application::clientId)).toList();
	}

	@Override
	public Optional<Application> find(String clientId) {
		return Optional.ofNullable(this.byId.get(clientId));
	}

	@Override
	public boolean add(Application application) {
		return this.byId.putIfAbsent(application.clientId(), application) == null;
	}

	@Override
	public boolean replace(Application expected, Application updated) {
		return this.byId.replace(expected.clientId(), expected, updated);
	}

	@Override
	public Optional<Application> remove(String clientId) {
		return Optional.ofNullable(this.byId.remove(clientId));
	}

}
