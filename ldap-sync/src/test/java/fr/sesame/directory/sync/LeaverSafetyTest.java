package fr.sesame.directory.sync;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeaverSafetyTest {

	private final LeaverSafety safety = new LeaverSafety(0.10, 2);

	@Test
	void upToTenPercentOfTheCommuneMayLeaveAtOnce() {
		assertThat(this.safety.allows(24, 247)).isTrue();
		assertThat(this.safety.allows(25, 247)).isFalse();
	}

	@Test
	void aSmallCommuneMayStillLoseAnAgentOrTwo() {
		assertThat(this.safety.allows(2, 3)).isTrue();
		assertThat(this.safety.allows(3, 3)).as("everyone gone at once").isFalse();
	}

	@Test
	void anEmptyAnswerForAPopulatedCommuneIsNeverAllowed() {
		assertThat(this.safety.allows(100_000, 100_000)).isFalse();
	}

}
