package fr.sesame.directory.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.directory.index.DirectoryIndex.Staging;

import static org.assertj.core.api.Assertions.assertThat;

/** What every directory index must do, run against each implementation. */
abstract class DirectoryIndexContract {

	abstract DirectoryIndex index();

	static IndexedAgent agent(String commune, String id, boolean enabled, String... groups) {
		return new IndexedAgent(commune, id, "uid=" + id + ",ou=people,dc=x", id, "Given", "Family", "Given Family",
				id + "@x.fr", enabled, List.of(groups),
				(groups.length > 0) ? Map.of("portail", List.of("agent")) : Map.of(), Instant.parse("2026-01-01T00:00:00Z"));
	}

	@Test
	void unknownCommuneHasNoStateAndNoAgent() {
		assertThat(index().state("nowhere")).isEmpty();
		assertThat(index().agent("nowhere", "a")).isEmpty();
	}

	@Test
	void savedAgentsAreFoundAgainWithEverything() {
		IndexedAgent a = agent("rivebelle", "a", true, "agents", "rh");
		index().save("rivebelle", List.of(a, agent("rivebelle", "b", false)));

		assertThat(index().agent("rivebelle", "a")).contains(a);
		assertThat(index().agents("rivebelle", List.of("a", "b", "c")).keySet()).containsExactlyInAnyOrder("a", "b");
		assertThat(index().agent("montclair", "a")).as("communes are apart").isEmpty();
		assertThat(index().state("rivebelle").orElseThrow().agents()).isEqualTo(2);
		assertThat(index().state("rivebelle").orElseThrow().synced()).as("no full pass yet").isFalse();

		index().remove("rivebelle", List.of("b"));
		assertThat(index().agent("rivebelle", "b")).isEmpty();
	}

	@Test
	void stagedAgentsReplaceTheCommunesOnlyOnCommit() {
		index().save("rivebelle", List.of(agent("rivebelle", "old", true), agent("rivebelle", "kept", true)));
		Instant syncedAt = Instant.parse("2026-02-01T10:00:00Z");
		try (Staging staging = index().stage("rivebelle")) {
			staging.add(List.of(agent("rivebelle", "kept", false), agent("rivebelle", "new", true)));
			assertThat(staging.size()).isEqualTo(2);
			assertThat(staging.containing(List.of("old", "kept", "new"))).containsExactlyInAnyOrder("kept", "new");
			assertThat(index().agent("rivebelle", "old")).as("not yet").isPresent();

			staging.commit(syncedAt, List.of("agents", "rh"));
		}

		assertThat(index().agent("rivebelle", "old")).isEmpty();
		assertThat(index().agent("rivebelle", "kept").orElseThrow().enabled()).isFalse();
		CommuneIndexState state = index().state("rivebelle").orElseThrow();
		assertThat(state.syncedAt()).isEqualTo(syncedAt);
		assertThat(state.agents()).isEqualTo(2);
		assertThat(state.groups()).containsExactly("agents", "rh");
	}

	@Test
	void stagingClosedWithoutCommitChangesNothing() {
		index().save("rivebelle", List.of(agent("rivebelle", "a", true)));
		try (Staging staging = index().stage("rivebelle")) {
			staging.add(List.of(agent("rivebelle", "b", true)));
		}
		assertThat(index().agents("rivebelle", List.of("a", "b")).keySet()).containsExactly("a");
		try (Staging empty = index().stage("rivebelle")) {
			assertThat(empty.size()).as("a new pass starts empty").isZero();
		}
	}

	@Test
	void emptyCommitEmptiesTheCommune() {
		index().save("rivebelle", List.of(agent("rivebelle", "a", true)));
		try (Staging staging = index().stage("rivebelle")) {
			staging.commit(Instant.now(), List.of());
		}
		assertThat(index().state("rivebelle").orElseThrow().agents()).isZero();
	}

	@Test
	void everyAgentIsVisitedInBatches() {
		List<IndexedAgent> many = new ArrayList<>();
		for (int i = 0; i < 1234; i++) {
			many.add(agent("montclair", "id-" + i, true));
		}
		index().save("montclair", many);
		List<Integer> sizes = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		index().forEachBatch("montclair", 500, (batch) -> {
			sizes.add(batch.size());
			batch.forEach((agent) -> seen.add(agent.uniqueId()));
		});
		assertThat(seen).hasSize(1234).doesNotHaveDuplicates();
		assertThat(sizes).allMatch((size) -> size <= 500);
	}

}
