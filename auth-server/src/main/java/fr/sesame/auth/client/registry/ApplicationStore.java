package fr.sesame.auth.client.registry;

import java.util.List;
import java.util.Optional;

/**
 * The clients registered at run time (never the configured ones): in memory for the demo, in Redis so that every
 * replica sees them and they survive restarts.
 */
public interface ApplicationStore {

	/** The registered clients, sorted by client id. */
	List<Application> all();

	Optional<Application> find(String clientId);

	/** @return {@code false} when a client with that id is already registered (nothing changed) */
	boolean add(Application application);

	/**
	 * Replaces {@code expected} by {@code updated}, only if {@code expected} is still what is stored: an edit made
	 * from a stale read, or racing a secret rotation, must not bring an old secret back.
	 * @return {@code false} when the stored client is no longer {@code expected} (nothing changed)
	 */
	boolean replace(Application expected, Application updated);

	/** @return what was removed, empty when nothing was registered under that id */
	Optional<Application> remove(String clientId);

}
