package fr.sesame.directory.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** The index of the single-process demo and of tests: maps swapped whole at the end of a full pass. */
public final class InMemoryDirectoryIndex implements DirectoryIndex {

	private final Map<String, Map<String, IndexedAgent>> agents = new ConcurrentHashMap<>();

	private final Map<String, Synced> synced = new ConcurrentHashMap<>();

	private record Synced(Instant at, List<String> groups) {
	}

	@Override
	public Optional<IndexedAgent> agent(String communeId, String uniqueId) {
		return Optional.ofNullable(commune(communeId).get(uniqueId));
	}

	@Override
	public Map<String, IndexedAgent> agents(String communeId, Collection<String> uniqueIds) {
		Map<String, IndexedAgent> commune = commune(communeId);
		Map<String, IndexedAgent> found = new LinkedHashMap<>();
		for (String id : uniqueIds) {
			IndexedAgent agent = commune.get(id);
			if (agent != null) {
				found.put(id, agent);
			}
		}
		return found;
	}

	@Override
	public void forEachBatch(String communeId, int batchSize, Consumer<List<IndexedAgent>> batch) {
		inBatches(commune(communeId).values(), batchSize, batch);
	}

	@Override
	public void save(String communeId, Collection<IndexedAgent> saved) {
		Map<String, IndexedAgent> commune = this.agents.computeIfAbsent(communeId, (id) -> new ConcurrentHashMap<>());
		saved.forEach((agent) -> commune.put(agent.uniqueId(), agent));
	}

	@Override
	public void remove(String communeId, Collection<String> uniqueIds) {
		Map<String, IndexedAgent> commune = commune(communeId);
		uniqueIds.forEach(commune::remove);
	}

	@Override
	public Optional<CommuneIndexState> state(String communeId) {
		Synced state = this.synced.get(communeId);
		Map<String, IndexedAgent> commune = this.agents.get(communeId);
		if (state == null && commune == null) {
			return Optional.empty();
		}
		return Optional.of(new CommuneIndexState(communeId, (state != null) ? state.at() : null,
				(commune != null) ? commune.size() : 0, (state != null) ? state.groups() : List.of()));
	}

	@Override
	public void markSynced(String communeId, Instant syncedAt, List<String> groups) {
		this.agents.computeIfAbsent(communeId, (id) -> new ConcurrentHashMap<>());
		this.synced.put(communeId, new Synced(syncedAt, List.copyOf(groups)));
	}

	@Override
	public Staging stage(String communeId) {
		return new InMemoryStaging(communeId);
	}

	private Map<String, IndexedAgent> commune(String communeId) {
		return this.agents.getOrDefault(communeId, Map.of());
	}

	static void inBatches(Collection<IndexedAgent> all, int batchSize, Consumer<List<IndexedAgent>> batch) {
		List<IndexedAgent> current = new ArrayList<>(batchSize);
		for (IndexedAgent agent : all) {
			current.add(agent);
			if (current.size() == batchSize) {
				batch.accept(current);
				current = new ArrayList<>(batchSize);
			}
		}
		if (!current.isEmpty()) {
			batch.accept(current);
		}
	}

	private final class InMemoryStaging implements Staging {

		private final String communeId;

		private final Map<String, IndexedAgent> staged = new ConcurrentHashMap<>();

		InMemoryStaging(String communeId) {
			this.communeId = communeId;
		}

		@Override
		public void add(Collection<IndexedAgent> added) {
			added.forEach((agent) -> this.staged.put(agent.uniqueId(), agent));
		}

		@Override
		public Set<String> containing(Collection<String> uniqueIds) {
			Set<String> found = new HashSet<>();
			for (String id : uniqueIds) {
				if (this.staged.containsKey(id)) {
					found.add(id);
				}
			}
			return found;
		}

		@Override
		public void forEachBatch(int batchSize, Consumer<List<IndexedAgent>> batch) {
			inBatches(this.staged.values(), batchSize, batch);
		}

		@Override
		public long size() {
			return this.staged.size();
		}

		@Override
		public void commit(Instant syncedAt, List<String> groups) {
			InMemoryDirectoryIndex.this.agents.put(this.communeId, new ConcurrentHashMap<>(this.staged));
			InMemoryDirectoryIndex.this.synced.put(this.communeId, new Synced(syncedAt, List.copyOf(groups)));
		}

		@Override
		public void close() {
			this.staged.clear();
		}

	}

}
