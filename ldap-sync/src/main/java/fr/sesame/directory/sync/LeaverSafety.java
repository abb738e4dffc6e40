package fr.sesame.directory.sync;

/**
 * Decides whether a pass may deprovision the agents it found gone or disabled. A directory that answers an empty
 * or truncated result (a wrong base after a reorganisation, a replica half restored, a filter broken by a schema
 * change) looks exactly like a commune whose agents all left; so beyond a share of the commune's agents at once,
 * nobody is deprovisioned until a healthy pass or an admin says so.
 *
 * @param maxRatio the share of the commune's agents that may leave in one pass (0.10: 10 %)
 * @param alwaysAllowed leavers always accepted in one pass, so that a small commune can lose an agent or two
 */
record LeaverSafety(double maxRatio, int alwaysAllowed) {

	/** Whether {@code leavers} agents may go at once out of {@code agents}. */
	boolean allows(long leavers, long agents) {
		return leavers <= Math.max(this.alwaysAllowed, (long) Math.floor(this.maxRatio * agents));
	}

}
