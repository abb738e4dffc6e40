package fr.sesame.directory.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * A commune's synchronisation as operators see it (health, the sync endpoint). Holds no secret and no agent data.
 *
 * @param communeId the commune
 * @param state where it stands
 * @param owner the replica that holds the commune's lease (when known)
 * @param strategy how changes are read: {@code usn}, {@code content-sync} or {@code modify-timestamp}
 * @param lastSuccess start of the last pass that succeeded: the index reflects the directory up to then
 * @param lastFullPass start of the last full pass that succeeded
 * @param lastAttempt start of the last pass
 * @param lastError the last failure, secret-free (reason label and LDAP result), or {@code null}
 * @param lastErrorAt when it happened
 * @param consecutiveFailures passes failed since the last success
 * @param agents agents in the index for the commune after the last pass
 * @param changes agents added, changed or removed since this replica started
 * @param lastPassChanges the same, for the last pass
 * @param lastPassMillis how long the last pass took
 * @param heldLeavers when halted: how many agents the held pass would have deprovisioned
 * @param haltedSince when halted: when the halt started (a confirmation names it, see {@link LeaversConfirmation})
 * @param nextAttempt when the next pass is due
 */
public record CommuneSyncStatus(String communeId, SyncState state, String owner, String strategy,
		Instant lastSuccess, Instant lastFullPass, Instant lastAttempt, String lastError, Instant lastErrorAt,
		int consecutiveFailures, long agents, long changes, long lastPassChanges, long lastPassMillis,
		long heldLeavers, Instant haltedSince, Instant nextAttempt) {

	public static CommuneSyncStatus starting(String communeId, String owner) {
		return new CommuneSyncStatus(communeId, SyncState.STARTING, owner, null, null, null, null, null, null, 0, 0, 0,
				0, 0, 0, null, null);
	}

	/** How far behind the directory the index may be: the time since the last successful pass. */
	public Duration lag(Instant now) {
		return (this.lastSuccess != null) ? Duration.between(this.lastSuccess, now) : null;
	}

}
