package fr.sesame.directory.index;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The directory index: per commune, the agents its directory holds (account state, groups, the roles they grant)
 * and whether the index is complete. Written by the synchronisation, read by auth-server at token time so that
 * neither roles nor a leaver's state need a directory round trip. Two implementations: in memory (the demo, tests)
 * and Redis (shared by every replica of auth-server and of the sync worker).
 */
public interface DirectoryIndex {

	Optional<IndexedAgent> agent(String communeId, String uniqueId);

	/** The indexed agents among {@code uniqueIds}, by unique id; absent ones are left out. */
	Map<String, IndexedAgent> agents(String communeId, Collection<String> uniqueIds);

	/** Every agent of the commune, {@code batchSize} at a time, in no particular order, in bounded memory. */
	void forEachBatch(String communeId, int batchSize, Consumer<List<IndexedAgent>> batch);

	/** Adds or replaces agents (an incremental pass). */
	void save(String communeId, Collection<IndexedAgent> agents);

	void remove(String communeId, Collection<String> uniqueIds);

	/** Empty until something was written for the commune. */
	Optional<CommuneIndexState> state(String communeId);

	/** Records that the index holds everything the directory said up to {@code syncedAt}. */
	void markSynced(String communeId, Instant syncedAt, List<String> groups);

	/**
	 * Starts a full pass: agents are written aside and replace the commune's agents only on
	 * {@link Staging#commit}, all at once, so that a pass that fails half-way leaves the index as it was.
	 */
	Staging stage(String communeId);

	/** The agents of a full pass in progress. Closing it without a commit discards them. */
	interface Staging extends AutoCloseable {

		void add(Collection<IndexedAgent> agents);

		/** Which of {@code uniqueIds} this pass saw. */
		Set<String> containing(Collection<String> uniqueIds);

		void forEachBatch(int batchSize, Consumer<List<IndexedAgent>> batch);

		long size();

		/** Makes the staged agents the commune's agents, atomically, and marks the commune synced. */
		void commit(Instant syncedAt, List<String> groups);

		@Override
		void close();

	}

}
