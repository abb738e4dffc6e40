package fr.sesame.auth.audit;

import java.util.Locale;

/**
 * What a check of the whole stored trail found: how many entries it read and, when the chain is broken, the first
 * place where it is (the lowest seq) and why.
 *
 * @param checked the entries read
 * @param ok whether every entry is intact, in place, and chained to the one before, from the retention anchor up to
 * the newest entry
 * @param brokenSeq the seq of the first broken place, or {@code null} when ok
 * @param brokenId the store's id of the entry found there, or {@code null} when it is missing (or ok)
 * @param problem why, or {@code null} when ok
 * @param detail a sentence for the operator
 */
public record AuditVerification(long checked, boolean ok, Long brokenSeq, String brokenId, Problem problem,
		String detail) {

	/** Listed from the most to the least telling, which decides between two problems found at the same seq. */
	public enum Problem {

		/** An entry's fields (or the retention anchor) are not what was hashed. */
		MODIFIED,

		/** Entries are gone: a gap in the sequence, the oldest ones beyond the anchor, or the newest ones. */
		MISSING,

		/** Intact entries out of the order they were written in, duplicated, or not chained to their predecessor. */
		REORDERED;

		/** As the admin API and the logs spell it. */
		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	static AuditVerification intact(long checked) {
		return new AuditVerification(checked, true, null, null, null, "every entry is intact and in order");
	}

	static AuditVerification broken(long checked, long seq, String id, Problem problem, String detail) {
		return new AuditVerification(checked, false, seq, id, problem, detail);
	}

}
