package fr.sesame.auth.role;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.store.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRoleAssignmentsTest extends RoleAssignmentsContract {

	private InMemoryRoleAssignments memory;

	@Override
	protected RoleAssignments create(TestClock clock) {
		this.memory = new InMemoryRoleAssignments(clock);
		return this.memory;
	}

	@Test
	void expiredAssignmentsAreDroppedWhenTheirCommuneOrAgentIsRead() {
		this.assignments.add(grant(HLEFEVRE, "rivebelle", "agent", Duration.ofMinutes(1)));
		this.assignments.add(grant(NLEMAITRE, "montclair", "agent", Duration.ofMinutes(1)));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.memory.held()).isEqualTo(2);

		this.assignments.ofCommune("rivebelle");
		this.assignments.ofAgent("sub-nlemaitre");

		assertThat(this.memory.held()).isZero();
	}

}
