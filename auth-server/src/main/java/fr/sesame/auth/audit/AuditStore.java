package fr.sesame.auth.audit;

import java.time.Instant;
import java.util.List;

/**
 * Where the audit trail is kept: appended to by one chain without forks, however many threads and replicas append,
 * read newest first, checked, and trimmed by retention.
 */
public interface AuditStore {

	/**
	 * Links the draft to the newest entry and stores it.
	 * @return the stored entry: its seq, id, prev and hash
	 */
	AuditEntry append(AuditEntry draft);

	/** The entries that match, newest first. */
	List<AuditEntry> find(AuditQuery query);

	/** Reads the whole trail and tells whether, and where first, it was modified, cut or reordered. */
	AuditVerification verify();

	/**
	 * Deletes the entries recorded before {@code cutoff} and records the last one deleted as the anchor the trail
	 * is checked from. Refuses (and deletes nothing) when the part to delete is itself broken: trimming must not
	 * erase the evidence.
	 * @return how many entries were deleted
	 */
	long trimBefore(Instant cutoff);

}
