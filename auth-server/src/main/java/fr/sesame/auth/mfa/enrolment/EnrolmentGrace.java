package fr.sesame.auth.mfa.enrolment;

import java.time.Instant;

/**
 * When MFA was first required of an agent who had no factor: the start of the enrolment grace period. The policy
 * (how long the grace lasts, who it applies to) belongs to the web flow; this only remembers the instant, shared by
 * every replica.
 */
public final class EnrolmentGrace {

	private final FactorStore store;

	public EnrolmentGrace(FactorStore store) {
		this.store = store;
	}

	/**
	 * Stores {@code now} unless an instant is stored already (set-if-absent, atomic).
	 * @return the stored instant, to the millisecond
	 */
	public Instant firstRequired(String sub, Instant now) {
		return this.store.firstRequired(sub, now);
	}

	/** Forgets the instant, e.g. once the agent has enrolled a factor or an admin reset them. */
	public void clearFirstRequired(String sub) {
		this.store.clearFirstRequired(sub);
	}

}
