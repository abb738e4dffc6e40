package fr.sesame.auth.role;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.store.TestClock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RoleAssignments} store does, in memory or in Redis.
 */
abstract class RoleAssignmentsContract {

	static final AssignedAgent HLEFEVRE = new AssignedAgent("sub-hlefevre", "rivebelle", "uuid-hlefevre", "hlefevre");

	static final AssignedAgent NLEMAITRE = new AssignedAgent("sub-nlemaitre", "montclair", "uuid-nlemaitre",
			"nlemaitre");

	protected TestClock clock;

	protected RoleAssignments assignments;

	protected abstract RoleAssignments create(TestClock clock);

	@BeforeEach
	void createStore() {
		this.clock = TestClock.now();
		this.assignments = create(this.clock);
	}

	RoleAssignment grant(AssignedAgent agent, String commune, String role, Duration validity) {
		Instant now = this.clock.instant();
		return RoleAssignment.byAdmin(agent, commune, "demo-portal", role, (validity != null) ? now.plus(validity) : null,
				"sub-admin", now);
	}

	@Test
	void anAssignmentIsFoundByItsCommuneAndByItsAgent() {
		RoleAssignment officer = grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null);

		assertThat(this.assignments.add(officer)).isTrue();

		assertThat(this.assignments.find("rivebelle", officer.id())).contains(officer);
		assertThat(this.assignments.ofCommune("rivebelle")).containsExactly(officer);
		assertThat(this.assignments.ofAgent("sub-hlefevre")).containsExactly(officer);
		assertThat(this.assignments.ofCommune("montclair")).isEmpty();
		assertThat(this.assignments.ofAgent("sub-nlemaitre")).isEmpty();
	}

	@Test
	void anAgentHoldsRolesInSeveralCommunesEachListedWhereItApplies() {
		RoleAssignment home = grant(HLEFEVRE, "rivebelle", "agent", null);
		this.clock.advance(Duration.ofSeconds(1));
		RoleAssignment elsewhere = grant(HLEFEVRE, "montclair", "officier-etat-civil", null);

		assertThat(this.assignments.add(home)).isTrue();
		assertThat(this.assignments.add(elsewhere)).isTrue();

		assertThat(this.assignments.ofAgent("sub-hlefevre")).containsExactly(home, elsewhere);
		assertThat(this.assignments.ofCommune("montclair")).containsExactly(elsewhere);
		assertThat(this.assignments.ofCommune("montclair").get(0).agent().communeId()).isEqualTo("rivebelle");
		assertThat(this.assignments.find("rivebelle", elsewhere.id())).isEmpty();
	}

	@Test
	void theSameGrantCannotBeActiveTwice() {
		assertThat(this.assignments.add(grant(HLEFEVRE, "rivebelle", "agent", null))).isTrue();

		assertThat(this.assignments.add(grant(HLEFEVRE, "rivebelle", "agent", Duration.ofDays(1)))).isFalse();
		assertThat(this.assignments.add(grant(HLEFEVRE, "montclair", "agent", null))).isTrue();
		assertThat(this.assignments.add(grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null))).isTrue();
		assertThat(this.assignments.add(grant(NLEMAITRE, "rivebelle", "agent", null))).isTrue();
		assertThat(this.assignments.ofCommune("rivebelle")).hasSize(3);
	}

	@Test
	void anExpiredAssignmentGrantsNothingAndMayBeMadeAgain() {
		RoleAssignment shortLived = grant(HLEFEVRE, "rivebelle", "officier-etat-civil", Duration.ofMinutes(5));
		assertThat(this.assignments.add(shortLived)).isTrue();

		this.clock.advance(Duration.ofMinutes(5));

		assertThat(this.assignments.ofAgent("sub-hlefevre")).isEmpty();
		assertThat(this.assignments.ofCommune("rivebelle")).isEmpty();
		assertThat(this.assignments.find("rivebelle", shortLived.id())).isEmpty();
		assertThat(this.assignments.changeExpiry("rivebelle", shortLived.id(), null)).isEmpty();
		assertThat(this.assignments.remove("rivebelle", shortLived.id())).isEmpty();
		assertThat(this.assignments.add(grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null))).isTrue();
	}

	@Test
	void anAssignmentIsActiveUntilTheInstantBeforeItsExpiry() {
		RoleAssignment shortLived = grant(HLEFEVRE, "rivebelle", "agent", Duration.ofMinutes(5));
		this.assignments.add(shortLived);

		this.clock.advance(Duration.ofMinutes(5).minusMillis(1));
		assertThat(this.assignments.ofAgent("sub-hlefevre")).containsExactly(shortLived);

		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.assignments.ofAgent("sub-hlefevre")).isEmpty();
	}

	@Test
	void anImportIsAllOrNothing() {
		RoleAssignment held = grant(HLEFEVRE, "rivebelle", "agent", null);
		this.assignments.add(held);
		RoleAssignment fresh = grant(NLEMAITRE, "rivebelle", "agent", null);

		assertThat(this.assignments.addAll(List.of(fresh, grant(HLEFEVRE, "rivebelle", "agent", null)))).isFalse();
		assertThat(this.assignments.ofCommune("rivebelle")).containsExactly(held);

		RoleAssignment twice = grant(NLEMAITRE, "rivebelle", "officier-etat-civil", null);
		assertThat(this.assignments.addAll(List.of(fresh, twice, grant(NLEMAITRE, "rivebelle",
				"officier-etat-civil", null)))).isFalse();
		assertThat(this.assignments.ofCommune("rivebelle")).containsExactly(held);

		assertThat(this.assignments.addAll(List.of(fresh, twice))).isTrue();
		assertThat(this.assignments.ofCommune("rivebelle")).containsExactlyInAnyOrder(held, fresh, twice);
	}

	@Test
	void removingTakesTheCommuneIntoAccountAndFreesTheGrant() {
		RoleAssignment officer = grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null);
		this.assignments.add(officer);

		assertThat(this.assignments.remove("montclair", officer.id())).isEmpty();
		assertThat(this.assignments.ofAgent("sub-hlefevre")).containsExactly(officer);

		assertThat(this.assignments.remove("rivebelle", officer.id())).contains(officer);
		assertThat(this.assignments.ofAgent("sub-hlefevre")).isEmpty();
		assertThat(this.assignments.ofCommune("rivebelle")).isEmpty();
		assertThat(this.assignments.remove("rivebelle", officer.id())).isEmpty();
		assertThat(this.assignments.add(grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null))).isTrue();
	}

	@Test
	void anExpiryIsSetMovedAndRemoved() {
		RoleAssignment officer = grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null);
		this.assignments.add(officer);
		Instant inAnHour = this.clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

		assertThat(this.assignments.changeExpiry("montclair", officer.id(), inAnHour)).isEmpty();
		assertThat(this.assignments.changeExpiry("rivebelle", officer.id(), inAnHour))
			.contains(officer.withExpiry(inAnHour));
		assertThat(this.assignments.find("rivebelle", officer.id()).orElseThrow().expiresAt()).isEqualTo(inAnHour);

		assertThat(this.assignments.changeExpiry("rivebelle", officer.id(), null)).contains(officer);
		this.clock.advance(Duration.ofHours(2));
		assertThat(this.assignments.ofAgent("sub-hlefevre")).containsExactly(officer);

		this.assignments.changeExpiry("rivebelle", officer.id(), this.clock.instant().plus(Duration.ofMinutes(1)));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.assignments.ofCommune("rivebelle")).isEmpty();
		assertThat(this.assignments.add(grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null))).isTrue();
	}

	@Test
	void listsAreOldestFirst() {
		RoleAssignment first = grant(HLEFEVRE, "rivebelle", "agent", null);
		this.clock.advance(Duration.ofSeconds(1));
		RoleAssignment second = grant(NLEMAITRE, "rivebelle", "agent", null);
		this.clock.advance(Duration.ofSeconds(1));
		RoleAssignment third = grant(HLEFEVRE, "rivebelle", "officier-etat-civil", null);
		this.assignments.addAll(List.of(third, first, second));

		assertThat(this.assignments.ofCommune("rivebelle")).containsExactly(first, second, third);
		assertThat(this.assignments.ofAgent("sub-hlefevre")).containsExactly(first, third);
	}

}
