package fr.sesame.directory.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.StaticUtils;

/**
 * Any LDAP directory: entries whose {@code modifyTimestamp} is at or after the newest one seen (the cursor), minus an
 * overlap that absorbs clock granularity and replication delays. Deletions leave no trace here: the periodic full
 * pass (reconciliation) finds them. Searched from the naming context, so that an agent moved out of the user base is
 * seen leaving.
 * <p>
 * Only entries strictly newer than the cursor are new changes and count toward {@code max-incremental-changes}.
 * Entries of the overlap were mostly applied already: after a bulk load, thousands of them share the window for as
 * long as nothing newer moves the cursor, and counting them made every incremental pass give way to a full pass that
 * ended at the same cursor, forever. So an entry of the overlap is skipped once <em>settled</em>: its timestamp's
 * second ended more than the overlap before a pass that handled it began (the last full pass, or the incremental
 * pass that handed over this very version, DN and timestamp), so that any later change of the entry carries a later
 * timestamp. Timestamps have one-second resolution on most servers: a change in the very second of a read looks like
 * the version read, hence the wait; and the skipping assumes, as the overlap does, this process's clock and the
 * directory's within the overlap of each other. Unsettled or unknown entries of the overlap (a change in the
 * cursor's second, an entry replicated late) are handed over again, at most {@code max-incremental-changes} of them
 * per pass too: being recent, they settle within seconds.
 */
final class ModifyTimestampChanges implements ChangeSource {

	static final String MODIFY_TIMESTAMP = "modifyTimestamp";

	static final Duration OVERLAP = Duration.ofSeconds(5);

	private static final String[] ATTRIBUTES = { MODIFY_TIMESTAMP };

	private final SyncScope scope;

	private final int maxChanges;

	private final Clock clock;

	private Instant cursor;

	/** When the last full pass began: every entry settled by then was handled by it. */
	private Instant fullPassFrom;

	/** Normalised DN → the version handed over, for entries not settled by the last full pass. */
	private Map<String, Seen> applied = new HashMap<>();

	private Instant newest;

	private Instant fullPassStart;

	/**
	 * A version of an entry handed over to a pass.
	 *
	 * @param timestamp its modifyTimestamp
	 * @param readFrom when the pass that read it started (this process's clock)
	 */
	record Seen(Instant timestamp, Instant readFrom) {

		/** Whether a later change of the entry would carry a later timestamp. */
		boolean settled() {
			return ModifyTimestampChanges.settled(this.timestamp, this.readFrom);
		}

	}

	/**
	 * Where an incremental pass leaves the source once applied.
	 *
	 * @param newest the newest timestamp read
	 * @param read the versions handed over
	 */
	record Cursor(Instant newest, Map<String, Seen> read) {
	}

	ModifyTimestampChanges(SyncScope scope, int maxChanges, Clock clock) {
		this.scope = scope;
		this.maxChanges = maxChanges;
		this.clock = clock;
	}

	@Override
	public String label() {
		return "modify-timestamp";
	}

	@Override
	public String[] trackingAttributes() {
		return ATTRIBUTES.clone();
	}

	@Override
	public void beginFullPass(SyncConnection connection) {
		this.newest = Instant.EPOCH;
		this.fullPassStart = this.clock.instant();
	}

	@Override
	public void observe(Entry entry) {
		this.newest = later(this.newest, timestamp(entry));
	}

	@Override
	public void endFullPass() {
		this.cursor = this.newest;
		this.fullPassFrom = this.fullPassStart;
		// What the pass read but was not settled yet is read again by the next pass: nothing to remember.
		this.applied = new HashMap<>();
	}

	@Override
	public DirectoryChanges changes(SyncConnection connection, AgentReader reader) throws LDAPException {
		if (this.cursor == null) {
			throw new IllegalStateException("no full pass yet");
		}
		Instant readFrom = this.clock.instant();
		Filter since = Filter.createGreaterOrEqualFilter(MODIFY_TIMESTAMP,
				StaticUtils.encodeGeneralizedTime(Date.from(this.cursor.minus(OVERLAP))));
		Instant[] newest = { this.cursor };
		int[] fresh = { 0 };
		int[] reread = { 0 };
		Map<String, Seen> read = new HashMap<>();
		List<Entry> agents = new ArrayList<>();
		List<Entry> outside = new ArrayList<>();
		String base = this.scope.namingContext().toString();
		connection.each(base, Filter.createANDFilter(this.scope.userFilter(), since),
				GroupEntries.concat(reader.attributes(), ATTRIBUTES), this.scope.pageSize(), List.of(), (entry) -> {
					if (take(entry, readFrom, read, fresh, reread)) {
						newest[0] = later(newest[0], timestamp(entry));
						(this.scope.inUserBase(entry.getDN()) ? agents : outside).add(entry);
					}
				});
		List<Entry> groups = new ArrayList<>();
		Set<String> goneGroups = new HashSet<>();
		connection.each(base, Filter.createANDFilter(this.scope.groupFilter(), since),
				this.scope.groupAttributes(MODIFY_TIMESTAMP, this.scope.uniqueId()), this.scope.pageSize(), List.of(),
				(entry) -> {
					if (!take(entry, readFrom, read, fresh, reread)) {
						return;
					}
					newest[0] = later(newest[0], timestamp(entry));
					if (this.scope.inGroupBase(entry.getDN())) {
						groups.add(entry);
					}
					else {
						reader.uniqueId(entry).ifPresent(goneGroups::add);
					}
				});
		return new DirectoryChanges(agents, outside, Set.of(), Set.of(), null, groups, goneGroups, null, false,
				new Cursor(newest[0], read));
	}

	@Override
	public void advance(DirectoryChanges applied) {
		Cursor moved = (Cursor) applied.cursor();
		this.applied.putAll(moved.read());
		if (moved.newest().isAfter(this.cursor)) {
			this.cursor = moved.newest();
			prune(this.applied, this.cursor);
		}
	}

	/**
	 * Whether the pass takes this entry: always when newer than the cursor (a new change, counted against the limit),
	 * else unless settled since the last full pass or since the pass that handed over this very version (the overlap,
	 * bounded by the same limit).
	 */
	private boolean take(Entry entry, Instant readFrom, Map<String, Seen> read, int[] fresh, int[] reread) {
		Instant at = timestamp(entry);
		String dn = Dns.normalize(entry.getDN());
		if (at != null && at.isAfter(this.cursor)) {
			count(fresh, "changed since the last pass");
		}
		else {
			if (at != null && settled(at, this.fullPassFrom)) {
				return false;
			}
			Seen seen = this.applied.get(dn);
			if (seen != null && seen.timestamp().equals(at) && seen.settled()) {
				return false;
			}
			count(reread, "re-read within the overlap of the last pass");
		}
		if (at != null) {
			read.put(dn, new Seen(at, readFrom));
		}
		return true;
	}

	/** Whether a version stamped {@code timestamp} (one-second resolution) was final when {@code readFrom} came. */
	static boolean settled(Instant timestamp, Instant readFrom) {
		return !readFrom.minus(OVERLAP).isBefore(timestamp.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
	}

	private void count(int[] count, String what) {
		if (++count[0] > this.maxChanges) {
			throw new TooManyChangesException(this.maxChanges, what);
		}
	}

	/** Forgets the versions older than the overlap: the next searches do not return them. */
	private static void prune(Map<String, Seen> versions, Instant cursor) {
		Instant oldest = cursor.minus(OVERLAP);
		versions.values().removeIf((seen) -> seen.timestamp().isBefore(oldest));
	}

	private static Instant later(Instant a, Instant b) {
		return (b != null && b.isAfter(a)) ? b : a;
	}

	private static Instant timestamp(Entry entry) {
		String value = entry.getAttributeValue(MODIFY_TIMESTAMP);
		if (value == null) {
			return null;
		}
		try {
			return StaticUtils.decodeGeneralizedTime(value).toInstant();
		}
		catch (java.text.ParseException malformed) {
			return null;
		}
	}

}
