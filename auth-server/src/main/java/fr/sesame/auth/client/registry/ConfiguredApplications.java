package fr.sesame.auth.client.registry;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.sesame.auth.client.ClientProperties;
import fr.sesame.auth.client.ClientSecretEncoder;

/** The clients of {@code sesame.clients}, their secrets hashed once at start-up (the plain values are not kept). */
public final class ConfiguredApplications implements Applications {

	private final Map<String, Application> byId;

	private final List<Application> all;

	public ConfiguredApplications(ClientProperties properties, ClientSecretEncoder encoder) {
		Map<String, Application> sorted = new LinkedHashMap<>();
		properties.clients()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> sorted.put(entry.getKey(),
					Application.configured(entry.getKey(), entry.getValue(), encoder)));
		this.byId = Map.copyOf(sorted);
		this.all = List.copyOf(sorted.values());
	}

	/** The configured clients alone, their secrets hashed under a key of this process: for what checks roles. */
	public static ConfiguredApplications of(ClientProperties properties) {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return new ConfiguredApplications(properties, new ClientSecretEncoder(key));
	}

	@Override
	public Optional<Application> find(String clientId) {
		return Optional.ofNullable(this.byId.get(clientId));
	}

	@Override
	public List<Application> all() {
		return this.all;
	}

	public boolean isEmpty() {
		return this.all.isEmpty();
	}

}
