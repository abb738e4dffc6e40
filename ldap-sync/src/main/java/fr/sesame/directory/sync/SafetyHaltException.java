package fr.sesame.directory.sync;

/** A pass found more leavers than {@link LeaverSafety} allows; nothing was applied. */
final class SafetyHaltException extends RuntimeException {

	private final long leavers;

	private final long agents;

	SafetyHaltException(long leavers, long agents) {
		super(leavers + " of " + agents + " agents would be deprovisioned at once");
		this.leavers = leavers;
		this.agents = agents;
	}

	long leavers() {
		return this.leavers;
	}

	long agents() {
		return this.agents;
	}

}
