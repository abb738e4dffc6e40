package fr.sesame.auth.directory;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.index.DirectoryIndex.Staging;
import fr.sesame.directory.index.InMemoryDirectoryIndex;
import fr.sesame.directory.index.IndexedAgent;

import static org.assertj.core.api.Assertions.assertThat;

/** Which source a token believes: the sign-in or the directory index, whichever is fresher; fail closed. */
class IndexedStandingTest {

	private static final Instant SIGNED_IN = Instant.parse("2026-05-01T08:00:00Z");

	private final InMemoryDirectoryIndex index = new InMemoryDirectoryIndex();

	private final IndexedStanding standing = new IndexedStanding(this.index);

	private final Agent signedIn = new Agent("rivebelle", "u-1", "uid=jdupont,ou=people", "jdupont", "Jean", "Dupont",
			"Jean Dupont", "jdupont@rivebelle.fr", List.of("agents", "etat-civil"));

	private void indexed(Instant syncedAt, IndexedAgent... agents) {
		try (Staging staging = this.index.stage("rivebelle")) {
			staging.add(List.of(agents));
			staging.commit(syncedAt, List.of());
		}
	}

	private static IndexedAgent jdupont(boolean enabled, List<String> groups, Map<String, List<String>> roles) {
		return new IndexedAgent("rivebelle", "u-1", "uid=jdupont,ou=people", "jdupont", "Jean", "Dupont",
				"Jean Dupont", "jean.dupont@rivebelle.fr", enabled, groups, roles, SIGNED_IN);
	}

	@Test
	void communeNeverSynchronisedKeepsTheSignIn() {
		AgentStanding result = this.standing.of(this.signedIn, SIGNED_IN);
		assertThat(result.active()).isTrue();
		assertThat(result.indexed()).isFalse();
		assertThat(result.agent()).isEqualTo(this.signedIn);
	}

	@Test
	void indexSynchronisedAfterTheSignInGivesCurrentGroupsAndRoles() {
		indexed(SIGNED_IN.plusSeconds(60),
				jdupont(true, List.of("agents"), Map.of("demo-portal", List.of("agent"))));
		AgentStanding result = this.standing.of(this.signedIn, SIGNED_IN);
		assertThat(result.active()).isTrue();
		assertThat(result.roles()).isEqualTo(Map.of("demo-portal", List.of("agent")));
		assertThat(result.agent().groups()).containsExactly("agents");
		assertThat(result.agent().email()).isEqualTo("jean.dupont@rivebelle.fr");
	}

	@Test
	void disabledOrAbsentInAFresherIndexIsRefused() {
		indexed(SIGNED_IN.plusSeconds(60), jdupont(false, List.of(), Map.of()));
		assertThat(this.standing.of(this.signedIn, SIGNED_IN)).satisfies((result) -> {
			assertThat(result.active()).isFalse();
			assertThat(result.reason()).isEqualTo("disabled");
		});
		indexed(SIGNED_IN.plusSeconds(120));
		assertThat(this.standing.of(this.signedIn, SIGNED_IN).reason()).isEqualTo("absent");
		assertThat(this.standing.of(this.signedIn, null).active()).as("an unknown sign-in time trusts the index")
			.isFalse();
	}

	@Test
	void aSignInAfterTheLastPassIsTheFresherWord() {
		// Re-enabled or created a moment ago: the directory accepted the password after the index last looked.
		indexed(SIGNED_IN.minusSeconds(5), jdupont(false, List.of(), Map.of()));
		AgentStanding result = this.standing.of(this.signedIn, SIGNED_IN);
		assertThat(result.active()).isTrue();
		assertThat(result.indexed()).isFalse();
	}

}
