package fr.sesame.auth.role;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.directory.AgentStanding;
import fr.sesame.auth.directory.ClientRoles;
import fr.sesame.auth.store.TestClock;
import fr.sesame.directory.agent.Agent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token's roles for a client: the directory's, plus admins' active assignments of declared roles; the flat
 * {@code roles} claim for the agent's own commune, {@code commune_roles} when other communes add roles.
 */
class ClientRolesTest {

	private static final Agent HLEFEVRE = new Agent("rivebelle", "uuid-hlefevre", "uid=hlefevre", "hlefevre", "Hélène",
			"Lefèvre", "Hélène Lefèvre", null, List.of("agents", "rh"));

	private final TestClock clock = TestClock.now();

	private final InMemoryRoleAssignments assignments = new InMemoryRoleAssignments(this.clock);

	private final ClientRoles roles = new ClientRoles(RoleFixtures.directories(RoleFixtures.RIVEBELLE,
			RoleFixtures.MONTCLAIR), this.assignments, RoleFixtures.demoDeclarations());

	private final AgentStanding signedIn = new AgentStanding(true, HLEFEVRE, null, null);

	@Test
	void withoutAssignmentsTheDirectoryDecidesAsBefore() {
		ClientRoles directoryOnly = new ClientRoles(RoleFixtures.directories(RoleFixtures.RIVEBELLE));

		assertThat(directoryOnly.of(this.signedIn, "demo-portal")).containsExactly("agent");
		assertThat(this.roles.of(this.signedIn, "demo-portal")).containsExactly("agent").isInstanceOf(ArrayList.class);
		assertThat(this.roles.granted(this.signedIn, "demo-portal").communeRoles()).isNull();
		AgentStanding indexed = new AgentStanding(true, HLEFEVRE, Map.of("demo-portal", List.of("agent", "x")), null);
		assertThat(this.roles.of(indexed, "demo-portal")).containsExactly("agent", "x");
	}

	@Test
	void anAssignmentInTheAgentsCommuneJoinsTheRolesClaim() {
		grant("rivebelle", "demo-portal", "officier-etat-civil", null);

		ClientRoles.Granted granted = this.roles.granted(this.signedIn, "demo-portal");

		assertThat(granted.roles()).containsExactly("agent", "officier-etat-civil");
		assertThat(granted.communeRoles()).isNull();
		assertThat(this.roles.of(this.signedIn, "sesame-gateway")).isEmpty();
	}

	@Test
	void rolesInAnotherCommuneComeScopedByCommune() {
		grant("montclair", "demo-portal", "officier-etat-civil", null);

		ClientRoles.Granted granted = this.roles.granted(this.signedIn, "demo-portal");

		assertThat(granted.roles()).as("its own commune's, as applications read them").containsExactly("agent");
		assertThat(granted.communeRoles()).containsExactly(Map.entry("montclair", List.of("officier-etat-civil")),
				Map.entry("rivebelle", List.of("agent")));
	}

	@Test
	void anExpiredAssignmentOrAnUndeclaredRoleGrantsNothing() {
		grant("rivebelle", "demo-portal", "officier-etat-civil", Duration.ofMinutes(1));
		grant("rivebelle", "demo-portal", "no-longer-declared", null);
		assertThat(this.roles.of(this.signedIn, "demo-portal")).containsExactly("agent", "officier-etat-civil");

		this.clock.advance(Duration.ofMinutes(1));

		assertThat(this.roles.of(this.signedIn, "demo-portal")).containsExactly("agent");
	}

	private void grant(String commune, String client, String role, Duration validity) {
		Instant now = this.clock.instant();
		this.assignments.add(RoleAssignment.byAdmin(AssignedAgent.of(HLEFEVRE), commune, client, role,
				(validity != null) ? now.plus(validity) : null, "sub-admin", now));
	}

}
