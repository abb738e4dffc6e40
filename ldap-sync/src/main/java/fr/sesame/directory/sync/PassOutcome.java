package fr.sesame.directory.sync;

/**
 * What a pass did.
 *
 * @param agents agents in the index for the commune afterwards
 * @param added agents new to the index
 * @param updated agents whose entry, groups or roles changed
 * @param removed agents removed from the index
 */
record PassOutcome(long agents, long added, long updated, long removed) {

	long changes() {
		return this.added + this.updated + this.removed;
	}

}
