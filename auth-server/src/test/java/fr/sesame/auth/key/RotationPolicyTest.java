package fr.sesame.auth.key;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RotationPolicyTest {

	private static final Duration PERIOD = Duration.ofDays(30);

	private static final Duration RETENTION = Duration.ofDays(1);

	private static final Duration PRE_PUBLICATION = Duration.ofHours(1);

	private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

	private final RotationPolicy policy = new RotationPolicy(PERIOD, RETENTION, PRE_PUBLICATION);

	// The policy reads only algorithms and activation instants: one key pair per algorithm serves every test.
	private static final SigningKeyGenerator GENERATOR = new SigningKeyGenerator();

	private static final SigningKey ES256 = GENERATOR.generate(JWSAlgorithm.ES256, T0);

	private static final SigningKey RS256 = GENERATOR.generate(JWSAlgorithm.RS256, T0);

	@Test
	void firstStartCreatesOneKeyPerAlgorithmSigningAtOnce() {
		RotationPolicy.Changes changes = this.policy.changes(List.of(), T0);

		assertThat(changes.additions()).containsExactly(new RotationPolicy.NewKey(JWSAlgorithm.ES256, T0),
				new RotationPolicy.NewKey(JWSAlgorithm.RS256, T0));
		assertThat(changes.removals()).isEmpty();
	}

	@Test
	void nothingChangesDuringTheRotationPeriod() {
		List<SigningKey> keys = keysActivatedAt(T0);

		assertThat(this.policy.changes(keys, T0.plus(PERIOD).minus(PRE_PUBLICATION).minusSeconds(1)).isEmpty())
			.isTrue();
	}

	@Test
	void successorIsPublishedBeforeItTakesOver() {
		List<SigningKey> keys = keysActivatedAt(T0);
		Instant now = T0.plus(PERIOD).minus(PRE_PUBLICATION);

		RotationPolicy.Changes changes = this.policy.changes(keys, now);

		assertThat(changes.additions()).containsExactly(new RotationPolicy.NewKey(JWSAlgorithm.ES256, T0.plus(PERIOD)),
				new RotationPolicy.NewKey(JWSAlgorithm.RS256, T0.plus(PERIOD)));
	}

	@Test
	void lateRotationTakesOverAtOnce() {
		Instant now = T0.plus(PERIOD).plus(Duration.ofDays(3));

		RotationPolicy.Changes changes = this.policy.changes(keysActivatedAt(T0), now);

		assertThat(changes.additions()).extracting(RotationPolicy.NewKey::activatesAt).containsOnly(now);
	}

	@Test
	void prePublishedSuccessorIsNotDuplicated() {
		List<SigningKey> keys = new ArrayList<>(keysActivatedAt(T0));
		keys.addAll(keysActivatedAt(T0.plus(PERIOD)));

		assertThat(this.policy.changes(keys, T0.plus(PERIOD).minusSeconds(1)).isEmpty()).isTrue();
	}

	@Test
	void previousKeyIsDroppedOnlyOnceItsSuccessorSignedForTheRetention() {
		List<SigningKey> keys = new ArrayList<>(keysActivatedAt(T0));
		keys.addAll(keysActivatedAt(T0.plus(PERIOD)));
		Instant successorTookOver = T0.plus(PERIOD);

		assertThat(this.policy.changes(keys, successorTookOver.plus(RETENTION).minusSeconds(1)).removals()).isEmpty();
		assertThat(this.policy.changes(keys, successorTookOver.plus(RETENTION)).removals())
			.containsExactlyInAnyOrderElementsOf(keys.subList(0, 2));
	}

	private static List<SigningKey> keysActivatedAt(Instant activatesAt) {
		return List.of(new SigningKey(ES256.jwk(), activatesAt), new SigningKey(RS256.jwk(), activatesAt));
	}

}
