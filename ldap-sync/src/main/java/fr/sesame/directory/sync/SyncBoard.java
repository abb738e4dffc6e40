package fr.sesame.directory.sync;

import java.util.Optional;

/**
 * What replicas share about each commune's synchronisation: the status its owner publishes, and an admin's
 * confirmation that the leavers a halted commune holds back may go (the admin's process need not be the worker's).
 */
public interface SyncBoard {

	void publish(CommuneSyncStatus status);

	/** The status last published by the replica that synchronises the commune, if still fresh. */
	Optional<CommuneSyncStatus> status(String communeId);

	/** An admin confirms that the next full pass of a halted commune may deprovision the leavers it held back. */
	void confirmLeavers(String communeId, LeaversConfirmation confirmation);

	/** The confirmation waiting for the commune's next pass, if any, left in place. */
	Optional<LeaversConfirmation> pendingConfirmation(String communeId);

	/** Consumes the pending confirmation: returned once. */
	Optional<LeaversConfirmation> takeLeaversConfirmation(String communeId);

}
