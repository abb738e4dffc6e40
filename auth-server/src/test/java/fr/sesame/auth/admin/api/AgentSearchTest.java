package fr.sesame.auth.admin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.directory.index.IndexedAgent;
import fr.sesame.directory.index.InMemoryDirectoryIndex;

import static org.assertj.core.api.Assertions.assertThat;

class AgentSearchTest {

	private final InMemoryDirectoryIndex index = new InMemoryDirectoryIndex();

	private final AgentSearch search = new AgentSearch(this.index);

	AgentSearchTest() {
		List<IndexedAgent> agents = new ArrayList<>(List.of(agent("hlefevre", "Hélène", "Lefèvre", "Hélène Lefèvre"),
				agent("mcdaragon", "Marie-Claire", "D'Aragon", "Marie-Claire D'Aragon"),
				agent("jdupont", "Jean", "Dupont", "Jean Dupont")));
		for (int i = 0; i < 1200; i++) {
			agents.add(agent(String.format("zz%04d", i), "Zoé", "Zed" + i, "Zoé Zed" + i));
		}
		this.index.save("rivebelle", agents);
		this.index.markSynced("rivebelle", Instant.now(), List.of());
	}

	@Test
	void matchesTheStartOfLoginNamesWordsAndEmailIgnoringCaseAndAccents() {
		assertThat(logins("LEFE")).containsExactly("hlefevre");
		assertThat(logins("hél")).containsExactly("hlefevre");
		assertThat(logins("aragon")).containsExactly("mcdaragon");
		assertThat(logins("claire")).containsExactly("mcdaragon");
		assertThat(logins("jdupont@riv")).containsExactly("jdupont");
		assertThat(logins("upont")).isEmpty();
	}

	@Test
	void resultsAreBoundedAndSortedByLogin() {
		AgentSearch.Result zeds = this.search.search("rivebelle", "zoe", 5);

		assertThat(zeds.agents()).extracting(IndexedAgent::login)
			.containsExactly("zz0000", "zz0001", "zz0002", "zz0003", "zz0004");
		assertThat(zeds.truncated()).isTrue();
		assertThat(this.search.search("rivebelle", "", 2).agents()).extracting(IndexedAgent::login)
			.containsExactly("hlefevre", "jdupont");
		assertThat(this.search.search("rivebelle", "jean", 5).truncated()).isFalse();
		assertThat(this.search.search("montclair", "", 5).agents()).isEmpty();
	}

	private List<String> logins(String query) {
		return this.search.search("rivebelle", query, 10).agents().stream().map(IndexedAgent::login).toList();
	}

	private static IndexedAgent agent(String login, String given, String family, String display) {
		return new IndexedAgent("rivebelle", "uuid-" + login, "uid=" + login, login, given, family, display,
				login + "@rivebelle.fr", true, List.of("agents"), Map.of(), Instant.now());
	}

}
