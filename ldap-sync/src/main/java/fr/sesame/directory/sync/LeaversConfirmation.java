package fr.sesame.directory.sync;

import java.time.Instant;

/**
 * An admin's confirmation that the leavers a halted commune holds back may go. It names the halt it answers and
 * what the admin saw, so that it lets through that pass only: a halt that started later (new vanishings) or a pass
 * that would deprovision more agents than confirmed halts again and needs a confirmation of its own.
 *
 * @param haltedSince when the halt it answers started ({@link CommuneSyncStatus#haltedSince()})
 * @param leavers how many leavers the admin saw held back: the confirmed pass may deprovision at most as many
 * @param confirmedBy who confirmed (an admin's subject), for the logs
 * @param confirmedAt when
 */
public record LeaversConfirmation(Instant haltedSince, long leavers, String confirmedBy, Instant confirmedAt) {

	/** Whether it answers the halt that started at {@code since}. */
	boolean answers(Instant since) {
		return this.haltedSince != null && this.haltedSince.equals(since);
	}

}
