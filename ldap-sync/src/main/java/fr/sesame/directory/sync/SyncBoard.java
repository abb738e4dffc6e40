package fr.sesame.directory.sync;

import java.util.Optional;

/**
 * What replicas share about each commune's synchronisation: the status its owner publishes, and an admin's
 * confirmation that the leavers a halted commune holds back may go.
 */
public interface SyncBoard {

	void publish(CommuneSyncStatus status);

	/** The status last published by the replica that synchronises the commune, if still fresh. */
	Optional<CommuneSyncStatus> status(String communeId);

	/** An admin confirms that the next full pass of a halted commune may deprovision whoever it finds gone. */
	void confirmLeavers(String communeId);

	/** Consumes a pending confirmation: true once per confirmation. */
	boolean takeLeaversConfirmation(String communeId);

}
