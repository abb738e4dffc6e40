package fr.sesame.auth.audit;

import java.util.Objects;
import java.util.TreeMap;

import fr.sesame.auth.audit.AuditVerification.Problem;

/**
 * Walks a stored trail in store order, one entry at a time (a trail of 400 days is not held in memory), and finds
 * the first place where it is broken. Store order is the write order, so an intact trail is seq 1, 2, 3… each
 * chained to the one before; entries seen ahead of their turn wait in a bounded buffer, so that an entry deleted and
 * re-added at the end (the only way to "edit" a Redis stream) is reported at its own seq: as modified when its fields
 * changed, as reordered when they did not.
 */
final class ChainVerifier {

	/** Entries waiting for a missing one; beyond that, the missing one is not coming. */
	static final int MAX_WAITING = 10_000;

	private final AuditChain chain;

	private final TreeMap<Long, AuditEntry> waiting = new TreeMap<>();

	private long expectedSeq;

	private String expectedPrev;

	private long checked;

	private Finding first;

	private boolean stopped;

	private boolean headGone;

	/**
	 * @param anchorSeq the seq of the last entry trimmed by retention (0 when none was)
	 * @param anchorHash its hash ({@link AuditEntry#GENESIS} when none was)
	 */
	ChainVerifier(AuditChain chain, long anchorSeq, String anchorHash) {
		this.chain = chain;
		this.expectedSeq = anchorSeq + 1;
		this.expectedPrev = anchorHash;
	}

	/** A verifier that has already found the anchor altered. */
	void anchorAltered(long anchorSeq) {
		found(anchorSeq, null, Problem.MODIFIED, "the retention anchor (seq " + anchorSeq
				+ ") does not match its seal: the oldest entries may have been deleted");
	}

	/** The store has entries, or an anchor, but no record of its newest entry: the newest ones may be gone. */
	void headGone() {
		this.headGone = true;
	}

	/** @return whether to go on: false once the walk cannot tell more */
	boolean accept(AuditEntry entry) {
		if (this.stopped) {
			return false;
		}
		this.checked++;
		if (!this.chain.isIntact(entry)) {
			found(entry.seq(), entry.id(), Problem.MODIFIED, "entry seq " + entry.seq()
					+ " does not match its hash: a field was changed");
		}
		if (entry.seq() < this.expectedSeq) {
			found(entry.seq(), entry.id(), Problem.REORDERED, "entry seq " + entry.seq()
					+ " is stored again, or out of place, after seq " + (this.expectedSeq - 1));
			return true;
		}
		if (entry.seq() > this.expectedSeq) {
			if (this.waiting.putIfAbsent(entry.seq(), entry) != null) {
				found(entry.seq(), entry.id(), Problem.REORDERED, "entry seq " + entry.seq() + " is stored twice");
			}
			if (this.waiting.size() > MAX_WAITING) {
				missing(-1);
				this.stopped = true;
				return false;
			}
			return true;
		}
		if (!this.waiting.isEmpty()) {
			found(entry.seq(), entry.id(), Problem.REORDERED, "entry seq " + entry.seq()
					+ " is stored after seq " + this.waiting.lastKey() + ", not in the order it was written");
		}
		link(entry);
		AuditEntry next;
		while ((next = this.waiting.remove(this.expectedSeq)) != null) {
			link(next);
		}
		return true;
	}

	private void link(AuditEntry entry) {
		if (!Objects.equals(entry.prev(), this.expectedPrev)) {
			found(entry.seq(), entry.id(), Problem.REORDERED,
					"entry seq " + entry.seq() + " is not chained to the entry stored before it");
		}
		this.expectedPrev = entry.hash();
		this.expectedSeq = entry.seq() + 1;
	}

	/** Whether the walk gave up (too many entries after a missing one): reading more tells nothing. */
	boolean isStopped() {
		return this.stopped;
	}

	/** The seq the walk waits for next: past the newest entry once it has read every entry. */
	long expectedSeq() {
		return this.expectedSeq;
	}

	private void missing(long newestSeq) {
		long firstAfter = this.waiting.isEmpty() ? newestSeq + 1 : this.waiting.firstKey();
		found(this.expectedSeq, null, Problem.MISSING, (firstAfter - 1 == this.expectedSeq)
				? "entry seq " + this.expectedSeq + " is gone" : "entries seq " + this.expectedSeq + " to "
						+ (firstAfter - 1) + " are gone");
	}

	/**
	 * @param newestSeq the seq of the newest entry as the store recorded it, read after the walk ({@code -1} when
	 * the store keeps no such record, as for a segment about to be trimmed): the walk must have reached it, or the
	 * newest entries are gone
	 * @param newestHash that entry's hash, or {@code null}
	 */
	AuditVerification finish(long newestSeq, String newestHash) {
		if (!this.stopped) {
			if (!this.waiting.isEmpty() || (newestSeq >= 0 && this.expectedSeq <= newestSeq)) {
				missing(newestSeq);
			}
			else if (newestSeq >= 0 && this.expectedSeq > newestSeq + 1) {
				found(newestSeq + 1, null, Problem.MODIFIED, "the record of the newest entry says seq " + newestSeq
						+ " but the trail goes on to seq " + (this.expectedSeq - 1) + ": it was altered");
			}
			else if (newestSeq >= 0 && newestHash != null && !newestHash.equals(this.expectedPrev)) {
				found(newestSeq, null, Problem.MODIFIED,
						"the newest entry, seq " + newestSeq + ", is not the one the trail's head recorded");
			}
			else if (this.headGone && this.expectedSeq > 1) {
				found(this.expectedSeq, null, Problem.MISSING, "the record of the newest entry is gone: entries after "
						+ "seq " + (this.expectedSeq - 1) + " may have been deleted");
			}
		}
		if (this.first == null) {
			return AuditVerification.intact(this.checked);
		}
		return AuditVerification.broken(this.checked, this.first.seq, this.first.id, this.first.problem,
				this.first.detail);
	}

	private void found(long seq, String id, Problem problem, String detail) {
		Finding finding = new Finding(seq, id, problem, detail);
		if (this.first == null || finding.before(this.first)) {
			this.first = finding;
		}
	}

	private record Finding(long seq, String id, Problem problem, String detail) {

		boolean before(Finding other) {
			return (this.seq != other.seq) ? this.seq < other.seq
					: this.problem.ordinal() < other.problem.ordinal();
		}

	}

}
