package fr.sesame.auth.key;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;

/**
 * Decides, from the stored keys and the time, which keys to create and which to drop. For each algorithm:
 * <ul>
 * <li>no key at all: create one that signs at once (first start);</li>
 * <li>the signing key is older than the rotation period minus the pre-publication time and has no successor:
 * create the successor, published now and signing when the period ends;</li>
 * <li>a key whose successor has been signing for longer than the retention: drop it, every token it signed has
 * expired.</li>
 * </ul>
 * A pure function of its inputs: every replica reaches the same decision.
 */
public final class RotationPolicy {

	/** The algorithms Sésame signs with, each with its own key. */
	public static final List<JWSAlgorithm> ALGORITHMS = List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256);

	private final Duration rotationPeriod;

	private final Duration retention;

	private final Duration prePublication;

	public RotationPolicy(Duration rotationPeriod, Duration retention, Duration prePublication) {
		this.rotationPeriod = rotationPeriod;
		this.retention = retention;
		this.prePublication = prePublication;
	}

	public Changes changes(List<SigningKey> keys, Instant now) {
		List<NewKey> additions = new ArrayList<>();
		List<SigningKey> removals = new ArrayList<>();
		for (JWSAlgorithm algorithm : ALGORITHMS) {
			List<SigningKey> ofAlgorithm = keys.stream()
				.filter((key) -> key.algorithm().equals(algorithm))
				.sorted(Comparator.comparing(SigningKey::activatesAt))
				.toList();
			if (ofAlgorithm.isEmpty()) {
				additions.add(new NewKey(algorithm, now));
				continue;
			}
			SigningKey newest = ofAlgorithm.get(ofAlgorithm.size() - 1);
			Instant takesOver = newest.activatesAt().plus(this.rotationPeriod);
			if (!newest.activatesAt().isAfter(now) && !now.isBefore(takesOver.minus(this.prePublication))) {
				additions.add(new NewKey(algorithm, takesOver.isAfter(now) ? takesOver : now));
			}
			for (int i = 0; i < ofAlgorithm.size() - 1; i++) {
				Instant successorActivatedAt = ofAlgorithm.get(i + 1).activatesAt();
				if (!now.isBefore(successorActivatedAt.plus(this.retention))) {
					removals.add(ofAlgorithm.get(i));
				}
			}
		}
		return new Changes(List.copyOf(additions), List.copyOf(removals));
	}

	public record NewKey(JWSAlgorithm algorithm, Instant activatesAt) {
	}

	public record Changes(List<NewKey> additions, List<SigningKey> removals) {

		public boolean isEmpty() {
			return this.additions.isEmpty() && this.removals.isEmpty();
		}

	}

}
