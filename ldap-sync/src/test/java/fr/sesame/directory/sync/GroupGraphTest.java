package fr.sesame.directory.sync;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupGraphTest {

	private static final String ALICE = "cn=alice,ou=people";

	private static final String BRUNO = "cn=bruno,ou=people";

	private GroupGraph nested() {
		GroupGraph graph = new GroupGraph(true);
		graph.put("cn=agents", "agents", "g1", List.of("cn=etat-civil", BRUNO));
		graph.put("cn=etat-civil", "etat-civil", "g2", List.of("cn=mariages"));
		graph.put("cn=mariages", "mariages", "g3", List.of(ALICE));
		graph.put("cn=loop-a", "loop-a", "g4", List.of("cn=loop-b", ALICE));
		graph.put("cn=loop-b", "loop-b", "g5", List.of("cn=loop-a"));
		return graph;
	}

	@Test
	void nestedGroupsAreFollowedThroughLoopsAndSortedByName() {
		assertThat(nested().groupsOf(ALICE)).containsExactly("agents", "etat-civil", "loop-a", "loop-b", "mariages");
		assertThat(nested().groupsOf(BRUNO)).containsExactly("agents");
	}

	@Test
	void withoutNestingOnlyDirectGroupsCount() {
		GroupGraph flat = new GroupGraph(false);
		flat.put("cn=agents", "agents", null, List.of("cn=etat-civil", BRUNO));
		flat.put("cn=etat-civil", "etat-civil", null, List.of(ALICE));
		assertThat(flat.groupsOf(ALICE)).containsExactly("etat-civil");
	}

	@Test
	void aChangedGroupAffectsItsMembersBeforeAndAfterAndThoseOfTheGroupsItContains() {
		GroupGraph graph = nested();
		assertThat(graph.membersAffectedBy("cn=agents", List.of(BRUNO))).containsExactlyInAnyOrder(BRUNO, ALICE);
		assertThat(graph.membersAffectedBy("cn=mariages", List.of())).containsExactly(ALICE);
	}

	@Test
	void replacingAGroupMovesItsMembers() {
		GroupGraph graph = nested();
		graph.put("cn=mariages", "mariages", "g3", List.of(BRUNO));
		assertThat(graph.groupsOf(ALICE)).containsExactly("loop-a", "loop-b");
		assertThat(graph.groupsOf(BRUNO)).containsExactly("agents", "etat-civil", "mariages");
		assertThat(graph.holds("cn=mariages", "mariages", List.of(BRUNO))).isTrue();
	}

	@Test
	void aRenamedMemberKeepsItsGroups() {
		GroupGraph graph = nested();
		graph.renameMember(ALICE, "cn=alice-leclerc,ou=people");
		assertThat(graph.groupsOf(ALICE)).isEmpty();
		assertThat(graph.groupsOf("cn=alice-leclerc,ou=people")).contains("mariages", "agents");
	}

	@Test
	void groupsAreKnownByTheirUniqueIds() {
		GroupGraph graph = nested();
		assertThat(graph.containsUniqueId("g3")).isTrue();
		graph.remove("cn=mariages");
		assertThat(graph.containsUniqueId("g3")).isFalse();
		assertThat(graph.names()).containsExactly("agents", "etat-civil", "loop-a", "loop-b");
	}

}
