package fr.sesame.directory.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active Directory: every write gives the entry a new {@code uSNChanged}, taken from the domain controller's
 * counter, which the root DSE shows as {@code highestCommittedUSN}. A pass asks for the entries whose
 * {@code uSNChanged} is above the counter read before the previous pass, in the whole naming context and with the
 * Show Deleted control, so that it also sees agents moved out of the user base and the tombstones of deleted ones.
 * Update sequence numbers belong to one domain controller: when the connection lands on another one, the next pass
 * is a full one.
 * <p>
 * Active Directory lets only administrators list the tombstones in {@code CN=Deleted Objects} by default, and
 * Sésame's service account should not be one. Each full pass checks whether the account sees any tombstone of a
 * user or group there; while it does not, an incremental pass also lists the ids of the agents and groups still
 * present (at most every {@code presence-check-interval}), so that a deleted agent is a leaver within that time
 * rather than at the next reconciliation. Granting the account List Contents and Read Property on that container
 * restores the cheaper way at the next full pass.
 */
final class UsnChanges implements ChangeSource {

	private static final Logger logger = LoggerFactory.getLogger(UsnChanges.class);

	static final String USN_CHANGED = "uSNChanged";

	static final String IS_DELETED = "isDeleted";

	/** LDAP_SERVER_SHOW_DELETED_OID. Not critical: a directory without tombstones simply ignores it. */
	static final String SHOW_DELETED = "1.2.840.113556.1.4.417";

	private static final String[] ATTRIBUTES = { USN_CHANGED, IS_DELETED };

	/** Its name is the same in every domain, whatever the language of the domain controllers. */
	private static final String DELETED_OBJECTS = "CN=Deleted Objects,";

	private final String communeId;

	private final SyncScope scope;

	private final int maxChanges;

	private final Duration presenceCheckInterval;

	private final Clock clock;

	/** Whether the last full pass saw tombstones; null before the first one (then assume not: the safe way). */
	private Boolean tombstonesVisible;

	private boolean pendingTombstonesVisible;

	/** Where the next incremental pass starts: changes numbered above it. */
	private Cursor cursor;

	private Cursor pending;

	private long maxSeen;

	/**
	 * @param presenceCheckedAt when the ids of the agents still there were last listed (a full pass lists them all)
	 */
	record Cursor(long usn, String server, Instant presenceCheckedAt) {
	}

	UsnChanges(String communeId, SyncScope scope, int maxChanges, Duration presenceCheckInterval, Clock clock) {
		this.communeId = communeId;
		this.scope = scope;
		this.maxChanges = maxChanges;
		this.presenceCheckInterval = presenceCheckInterval;
		this.clock = clock;
	}

	/** {@code usn+presence} while deletions are found by the presence check. */
	@Override
	public String label() {
		return Boolean.TRUE.equals(this.tombstonesVisible) ? "usn" : "usn+presence";
	}

	@Override
	public String[] trackingAttributes() {
		return ATTRIBUTES.clone();
	}

	@Override
	public void beginFullPass(SyncConnection connection) throws LDAPException {
		RootDSE root = connection.rootDse();
		Long highest = root.getAttributeValueAsLong("highestCommittedUSN");
		this.pending = new Cursor((highest != null) ? highest : -1, server(root), this.clock.instant());
		this.maxSeen = 0;
		this.pendingTombstonesVisible = tombstonesVisible(connection);
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
		this.cursor = new Cursor(Math.max(this.pending.usn(), this.maxSeen), this.pending.server(),
				this.pending.presenceCheckedAt());
		if (!Objects.equals(this.tombstonesVisible, this.pendingTombstonesVisible)) {
			logTombstoneVisibility(this.pendingTombstonesVisible);
		}
		this.tombstonesVisible = this.pendingTombstonesVisible;
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
		Set<String> present = null;
		Set<String> presentGroups = null;
		Instant presenceCheckedAt = this.cursor.presenceCheckedAt();
		if (!Boolean.TRUE.equals(this.tombstonesVisible) && presenceCheckDue()) {
			// After the changes were read: an agent deleted in between is absent here, so seen now, not missed.
			presenceCheckedAt = this.clock.instant();
			present = ids(connection, reader, this.scope.userBase().toString(), this.scope.userFilter());
			presentGroups = ids(connection, reader, this.scope.groupBase().toString(), this.scope.groupFilter());
		}
		long next = Math.max(max[0], (highest != null) ? highest : -1);
		return new DirectoryChanges(agents, outside, deleted, Set.of(), present, groups, goneGroups, presentGroups,
				false, new Cursor(next, server, presenceCheckedAt));
	}

	@Override
	public void advance(DirectoryChanges applied) {
		this.cursor = (Cursor) applied.cursor();
	}

	private boolean presenceCheckDue() {
		return !this.clock.instant().isBefore(this.cursor.presenceCheckedAt().plus(this.presenceCheckInterval));
	}

	/** The unique ids of the entries matching {@code filter} under {@code base}, and nothing else of them. */
	private Set<String> ids(SyncConnection connection, AgentReader reader, String base, Filter filter)
			throws LDAPException {
		Set<String> ids = new HashSet<>();
		connection.each(base, filter, new String[] { this.scope.uniqueId() }, this.scope.pageSize(), List.of(),
				(entry) -> reader.uniqueId(entry).ifPresent(ids::add));
		return ids;
	}

	/**
	 * Whether the service account sees at least one tombstone of a user or group: if it does, it may list them all;
	 * if it sees none, either nothing was deleted lately or it may not look, and the presence check covers both.
	 */
	private boolean tombstonesVisible(SyncConnection connection) throws LDAPException {
		SearchRequest request = connection.request(DELETED_OBJECTS + this.scope.namingContext(),
				Filter.createORFilter(this.scope.userFilter(), this.scope.groupFilter()), IS_DELETED);
		request.setScope(SearchScope.ONE);
		request.setSizeLimit(1);
		request.addControl(new Control(SHOW_DELETED, false));
		try {
			return connection.search(request).getEntryCount() > 0;
		}
		catch (LDAPSearchException ex) {
			if (ex.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
				return true;
			}
			if (ex.getResultCode() == ResultCode.NO_SUCH_OBJECT
					|| ex.getResultCode() == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
				return false;
			}
			throw ex;
		}
	}

	private void logTombstoneVisibility(boolean visible) {
		String container = DELETED_OBJECTS + this.scope.namingContext();
		if (visible) {
			logger.info("Commune {}: the service account reads the tombstones in {}: deletions are seen at each pass",
					this.communeId, container);
			return;
		}
		logger.warn("Commune {}: the service account sees no tombstone of a user or group in {} (Active Directory "
				+ "lets only administrators list them unless granted): deleted agents are found by listing the ids "
				+ "of those still present, every {} at most. To see deletions at each pass, grant the account List "
				+ "Contents and Read Property on that container (dsacls \"{}\" /takeownership, then dsacls \"{}\" "
				+ "/G DOMAIN\\account:LCRP)", this.communeId, container, this.presenceCheckInterval, container,
				container);
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
