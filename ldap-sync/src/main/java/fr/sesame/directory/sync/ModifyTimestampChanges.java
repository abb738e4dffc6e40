package fr.sesame.directory.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.StaticUtils;

/**
 * Any LDAP directory: entries whose {@code modifyTimestamp} is at or after the newest one seen, minus an overlap
 * that absorbs clock granularity and replication delays (entries seen twice change nothing). Deletions leave no
 * trace here: the periodic full pass (reconciliation) finds them. Searched from the naming context, so that an
 * agent moved out of the user base is seen leaving.
 */
final class ModifyTimestampChanges implements ChangeSource {

	static final String MODIFY_TIMESTAMP = "modifyTimestamp";

	static final Duration OVERLAP = Duration.ofSeconds(5);

	private static final String[] ATTRIBUTES = { MODIFY_TIMESTAMP };

	private final SyncScope scope;

	private final int maxChanges;

	private Instant cursor;

	private Instant newest;

	ModifyTimestampChanges(SyncScope scope, int maxChanges) {
		this.scope = scope;
		this.maxChanges = maxChanges;
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
	}

	@Override
	public void observe(Entry entry) {
		Instant at = timestamp(entry);
		if (at != null && at.isAfter(this.newest)) {
			this.newest = at;
		}
	}

	@Override
	public void endFullPass() {
		this.cursor = this.newest;
	}

	@Override
	public DirectoryChanges changes(SyncConnection connection, AgentReader reader) throws LDAPException {
		if (this.cursor == null) {
			throw new IllegalStateException("no full pass yet");
		}
		Filter since = Filter.createGreaterOrEqualFilter(MODIFY_TIMESTAMP,
				StaticUtils.encodeGeneralizedTime(Date.from(this.cursor.minus(OVERLAP))));
		Instant[] newest = { this.cursor };
		int[] count = { 0 };
		List<Entry> agents = new ArrayList<>();
		List<Entry> outside = new ArrayList<>();
		String base = this.scope.namingContext().toString();
		connection.each(base, Filter.createANDFilter(this.scope.userFilter(), since),
				GroupEntries.concat(reader.attributes(), ATTRIBUTES), this.scope.pageSize(), List.of(), (entry) -> {
					count(count);
					newest[0] = later(newest[0], timestamp(entry));
					(this.scope.inUserBase(entry.getDN()) ? agents : outside).add(entry);
				});
		List<Entry> groups = new ArrayList<>();
		Set<String> goneGroups = new HashSet<>();
		connection.each(base, Filter.createANDFilter(this.scope.groupFilter(), since),
				this.scope.groupAttributes(MODIFY_TIMESTAMP, this.scope.uniqueId()), this.scope.pageSize(), List.of(),
				(entry) -> {
					count(count);
					newest[0] = later(newest[0], timestamp(entry));
					if (this.scope.inGroupBase(entry.getDN())) {
						groups.add(entry);
					}
					else {
						reader.uniqueId(entry).ifPresent(goneGroups::add);
					}
				});
		return new DirectoryChanges(agents, outside, Set.of(), Set.of(), null, groups, goneGroups, null, false,
				newest[0]);
	}

	@Override
	public void advance(DirectoryChanges applied) {
		this.cursor = (Instant) applied.cursor();
	}

	private void count(int[] count) {
		if (++count[0] > this.maxChanges) {
			throw new TooManyChangesException(this.maxChanges);
		}
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
