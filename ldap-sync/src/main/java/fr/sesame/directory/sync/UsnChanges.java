package fr.sesame.directory.sync;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;

/**
 * Active Directory: every write gives the entry a new {@code uSNChanged}, taken from the domain controller's
 * counter, which the root DSE shows as {@code highestCommittedUSN}. A pass asks for the entries whose
 * {@code uSNChanged} is above the counter read before the previous pass, in the whole naming context and with the
 * Show Deleted control, so that it also sees agents moved out of the user base and the tombstones of deleted ones.
 * Update sequence numbers belong to one domain controller: when the connection lands on another one, the next pass
 * is a full one.
 */
final class UsnChanges implements ChangeSource {

	static final String USN_CHANGED = "uSNChanged";

	static final String IS_DELETED = "isDeleted";

	/** LDAP_SERVER_SHOW_DELETED_OID. Not critical: a directory without tombstones simply ignores it. */
	static final String SHOW_DELETED = "1.2.840.113556.1.4.417";

	private static final String[] ATTRIBUTES = { USN_CHANGED, IS_DELETED };

	private final SyncScope scope;

	private final int maxChanges;

	/** Where the next incremental pass starts: changes numbered above it. */
	private Cursor cursor;

	private Cursor pending;

	private long maxSeen;

	record Cursor(long usn, String server) {
	}

	UsnChanges(SyncScope scope, int maxChanges) {
		this.scope = scope;
		this.maxChanges = maxChanges;
	}

	@Override
	public String label() {
		return "usn";
	}

	@Override
	public String[] trackingAttributes() {
		return ATTRIBUTES.clone();
	}

	@Override
	public void beginFullPass(SyncConnection connection) throws LDAPException {
		RootDSE root = connection.rootDse();
		Long highest = root.getAttributeValueAsLong("highestCommittedUSN");
		this.pending = new Cursor((highest != null) ? highest : -1, server(root));
		this.maxSeen = 0;
	}

	@Override
	public void observe(Entry entry) {
		Long usn = entry.getAttributeValueAsLong(USN_CHANGED);
		if (usn != null) {
			this.maxSeen = Math.max(this.maxSeen, usn);
		}
	}

	@Override
	public void endFullPass() {
		// Without highestCommittedUSN (a test directory), the highest number seen is the best starting point.
		this.cursor = new Cursor(Math.max(this.pending.usn(), this.maxSeen), this.pending.server());
	}

	@Override
	public DirectoryChanges changes(SyncConnection connection, AgentReader reader) throws LDAPException {
		if (this.cursor == null) {
			throw new IllegalStateException("no full pass yet");
		}
		RootDSE root = connection.rootDse();
		String server = server(root);
		if (!Objects.equals(server, this.cursor.server())) {
			throw new FullPassNeededException("the sync connection moved to another domain controller");
		}
		Long highest = root.getAttributeValueAsLong("highestCommittedUSN");
		long from = this.cursor.usn() + 1;
		long[] max = { this.cursor.usn() };
		List<Entry> agents = new ArrayList<>();
		List<Entry> outside = new ArrayList<>();
		Set<String> deleted = new HashSet<>();
		int[] count = { 0 };
		String[] agentAttributes = GroupEntries.concat(reader.attributes(), ATTRIBUTES);
		search(connection, Filter.createANDFilter(this.scope.userFilter(), changedSince(from)), agentAttributes,
				(entry) -> {
					count(count);
					track(entry, max);
					if (isDeleted(entry)) {
						reader.uniqueId(entry).ifPresent(deleted::add);
					}
					else if (this.scope.inUserBase(entry.getDN())) {
						agents.add(entry);
					}
					else {
						outside.add(entry);
					}
				});
		List<Entry> groups = new ArrayList<>();
		Set<String> goneGroups = new HashSet<>();
		search(connection, Filter.createANDFilter(this.scope.groupFilter(), changedSince(from)),
				this.scope.groupAttributes(USN_CHANGED, IS_DELETED, this.scope.uniqueId()), (entry) -> {
					count(count);
					track(entry, max);
					if (isDeleted(entry) || !this.scope.inGroupBase(entry.getDN())) {
						// Known by id only once deleted or moved: whether it was one of ours is told by the id.
						reader.uniqueId(entry).ifPresent(goneGroups::add);
					}
					else {
						groups.add(entry);
					}
				});
		long next = Math.max(max[0], (highest != null) ? highest : -1);
		return new DirectoryChanges(agents, outside, deleted, Set.of(), null, groups, goneGroups, null, false,
				new Cursor(next, server));
	}

	@Override
	public void advance(DirectoryChanges applied) {
		this.cursor = (Cursor) applied.cursor();
	}

	private void count(int[] count) {
		if (++count[0] > this.maxChanges) {
			throw new TooManyChangesException(this.maxChanges);
		}
	}

	private void search(SyncConnection connection, Filter filter, String[] attributes,
			SyncConnection.EntryHandler handler) throws LDAPException {
		connection.each(this.scope.namingContext().toString(), filter, attributes, this.scope.pageSize(),
				List.of(new Control(SHOW_DELETED, false)), handler);
	}

	private static Filter changedSince(long from) {
		return Filter.createGreaterOrEqualFilter(USN_CHANGED, Long.toString(from));
	}

	private static void track(Entry entry, long[] max) {
		Long usn = entry.getAttributeValueAsLong(USN_CHANGED);
		if (usn != null) {
			max[0] = Math.max(max[0], usn);
		}
	}

	private static boolean isDeleted(Entry entry) {
		return "TRUE".equalsIgnoreCase(entry.getAttributeValue(IS_DELETED));
	}

	/** Which domain controller answers: its NTDS settings object, else its DNS name; null for other directories. */
	private static String server(RootDSE root) {
		String name = root.getAttributeValue("dsServiceName");
		return (name != null) ? name : root.getAttributeValue("dnsHostName");
	}

}
