package fr.sesame.auth.audit;

import java.time.Instant;
import java.util.Set;

/**
 * Which entries to list, newest first: each criterion given narrows the result, {@code null} (or an empty set)
 * leaves it open.
 *
 * @param principal the agent's {@code sub} (or the principal recorded: a client id, an admin's sub)
 * @param commune the commune id
 * @param types event types, any of them
 * @param from the earliest instant, inclusive
 * @param to the latest instant, exclusive
 * @param limit at most this many entries
 */
public record AuditQuery(String principal, String commune, Set<String> types, Instant from, Instant to, int limit) {

	public AuditQuery {
		types = (types != null) ? Set.copyOf(types) : Set.of();
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1");
		}
	}

	/** Everything, newest first, at most {@code limit}. */
	public static AuditQuery newest(int limit) {
		return new AuditQuery(null, null, null, null, null, limit);
	}

	public boolean matches(AuditEntry entry) {
		return (this.principal == null || this.principal.equals(entry.principal()))
				&& (this.commune == null || this.commune.equals(entry.commune()))
				&& (this.types.isEmpty() || this.types.contains(entry.type()))
				&& (this.from == null || !entry.at().isBefore(this.from))
				&& (this.to == null || entry.at().isBefore(this.to));
	}

}
