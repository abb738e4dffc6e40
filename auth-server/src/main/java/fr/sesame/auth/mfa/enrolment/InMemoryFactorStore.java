package fr.sesame.auth.mfa.enrolment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For the single-process demo and unit tests. Each check-and-update is one {@code compute} on a concurrent map,
 * which runs atomically per agent.
 */
public final class InMemoryFactorStore implements FactorStore {

	private static final int PURGE_THRESHOLD = 10_000;

	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private final Map<String, TotpEnrolment> totp = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> recovery = new ConcurrentHashMap<>();

	private final Map<String, Instant> firstRequired = new ConcurrentHashMap<>();

	private final Clock clock;

	public InMemoryFactorStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void savePendingTotp(String sub, String sealedSecret, Duration ttl) {
		Instant now = this.clock.instant();
		if (this.pending.size() > PURGE_THRESHOLD) {
			this.pending.values().removeIf((entry) -> entry.isExpired(now));
		}
		this.pending.put(sub, new Pending(sealedSecret, now.plus(ttl)));
	}

	@Override
	public Optional<String> pendingTotp(String sub) {
		Pending entry = this.pending.get(sub);
		return (entry == null || entry.isExpired(this.clock.instant())) ? Optional.empty()
				: Optional.of(entry.sealedSecret());
	}

	@Override
	public boolean confirmTotp(String sub, String sealedSecret, Instant enrolledAt, long usedStep) {
		Instant now = this.clock.instant();
		boolean[] confirmed = { false };
		this.pending.computeIfPresent(sub, (key, entry) -> {
			if (entry.isExpired(now)) {
				return null;
			}
			if (!entry.sealedSecret().equals(sealedSecret)) {
				return entry;
			}
			// Inside the compute, so that a concurrent confirmation of the same pending secret waits and then
			// finds it gone.
			this.totp.put(sub, new TotpEnrolment(sealedSecret, enrolledAt, usedStep));
			confirmed[0] = true;
			return null;
		});
		return confirmed[0];
	}

	@Override
	public Optional<TotpEnrolment> totp(String sub) {
		return Optional.ofNullable(this.totp.get(sub));
	}

	@Override
	public boolean markTotpStepUsed(String sub, String sealedSecret, long step) {
		boolean[] marked = { false };
		this.totp.computeIfPresent(sub, (key, enrolment) -> {
			if (!enrolment.sealedSecret().equals(sealedSecret) || step <= enrolment.lastUsedStep()) {
				return enrolment;
			}
			marked[0] = true;
			return new TotpEnrolment(enrolment.sealedSecret(), enrolment.enrolledAt(), step);
		});
		return marked[0];
	}

	@Override
	public void removeTotp(String sub) {
		this.pending.remove(sub);
		this.totp.remove(sub);
	}

	@Override
	public void replaceRecoveryCodes(String sub, Set<String> hashes) {
		this.recovery.put(sub, Set.copyOf(hashes));
	}

	@Override
	public boolean consumeRecoveryCode(String sub, Collection<String> candidateHashes) {
		boolean[] consumed = { false };
		this.recovery.computeIfPresent(sub, (key, hashes) -> {
			for (String candidate : candidateHashes) {
				if (hashes.contains(candidate)) {
					consumed[0] = true;
					Set<String> left = new HashSet<>(hashes);
					left.remove(candidate);
					return left.isEmpty() ? null : Set.copyOf(left);
				}
			}
			return hashes;
		});
		return consumed[0];
	}

	@Override
	public int recoveryCodesLeft(String sub) {
		Set<String> hashes = this.recovery.get(sub);
		return (hashes != null) ? hashes.size() : 0;
	}

	@Override
	public void removeRecoveryCodes(String sub) {
		this.recovery.remove(sub);
	}

	@Override
	public Instant firstRequired(String sub, Instant now) {
		// Milliseconds, as in Redis: both stores return the same instant.
		Instant stored = now.truncatedTo(ChronoUnit.MILLIS);
		Instant previous = this.firstRequired.putIfAbsent(sub, stored);
		return (previous != null) ? previous : stored;
	}

	@Override
	public void clearFirstRequired(String sub) {
		this.firstRequired.remove(sub);
	}

	private record Pending(String sealedSecret, Instant expiresAt) {

		boolean isExpired(Instant now) {
			return !now.isBefore(this.expiresAt);
		}

	}

}
