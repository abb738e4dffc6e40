package fr.sesame.directory.sync;

/** Where a commune's synchronisation stands. */
public enum SyncState {

	/** No pass completed yet on this replica. */
	STARTING,
	/** The last pass succeeded. */
	UP,
	/** Another replica holds the commune's lease and synchronises it. */
	STANDBY,
	/** The last pass failed; retried with exponential back-off, the index unchanged. */
	FAILING,
	/**
	 * A pass would have deprovisioned suspiciously many agents: nothing was applied, and the commune waits for a full
	 * pass that looks healthy again or for an admin's confirmation.
	 */
	HALTED

}
