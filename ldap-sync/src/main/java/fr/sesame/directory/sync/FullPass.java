package fr.sesame.directory.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.index.DirectoryIndex.Staging;
import fr.sesame.directory.index.IndexedAgent;

/**
 * A full pass: every group, then every agent page by page into a staging area of the index, then a comparison with
 * the index in batches: the leavers are counted first (the safety check may stop everything there), their events
 * published, and only then the staged agents replace the commune's agents, at once. Memory holds one page of
 * entries, one batch of index entries, the group graph and the DN map; a failure anywhere leaves the index as it
 * was.
 */
final class FullPass {

	private static final Logger logger = LoggerFactory.getLogger(FullPass.class);

	private static final int BATCH = 500;

	private final CommunePasses commune;

	private final Whereabouts whereabouts;

	FullPass(CommunePasses commune) {
		this.commune = commune;
		this.whereabouts = new Whereabouts(commune.scope(), commune.flavour());
	}

	record Result(SyncMemory memory, PassOutcome outcome) {
	}

	/**
	 * @param confirmedLeavers how many leavers an admin confirmed beyond the safety check (0: none): this pass may
	 * deprovision up to as many, not more
	 * @throws SafetyHaltException when more agents would leave than the safety check and the confirmation allow
	 */
	Result run(SyncConnection connection, ChangeSource source, long confirmedLeavers) throws LDAPException {
		Instant started = this.commune.clock().instant();
		SyncScope scope = this.commune.scope();
		AgentReader reader = this.commune.reader();
		source.beginFullPass(connection);
		GroupGraph groups = GroupEntries.readAll(connection, scope, this.commune.nestedGroups(), reader,
				source.trackingAttributes(), source::observe);
		this.commune.keepLease();
		Map<String, String> uniqueIdByMemberKey = new HashMap<>();
		int[] withoutId = { 0 };
		try (Staging staging = this.commune.index().stage(this.commune.communeId())) {
			String[] attributes = GroupEntries.concat(reader.attributes(), source.trackingAttributes());
			connection.paged(scope.userBase().toString(), scope.userFilter(), attributes, scope.pageSize(), (page) -> {
				List<IndexedAgent> agents = new ArrayList<>(page.size());
				for (SearchResultEntry entry : page) {
					source.observe(entry);
					Optional<String> id = reader.uniqueId(entry);
					if (id.isEmpty()) {
						withoutId[0]++;
						continue;
					}
					String key = scope.memberKey(entry, id.get());
					uniqueIdByMemberKey.put(key, id.get());
					agents.add(reader.read(entry, id.get(), groups.groupsOf(key), started, connection::matches));
				}
				staging.add(agents);
				this.commune.keepLease();
			});
			if (withoutId[0] > 0) {
				logger.warn("Commune {}: {} agent entries have no '{}' and were left out; check attributes.unique-id",
						this.commune.communeId(), withoutId[0], scope.uniqueId());
			}
			long[] tally = tally(staging);
			long leavers = tally[0];
			long agentsBefore = tally[1];
			if (!this.commune.safety().allows(leavers, agentsBefore)) {
				if (leavers > confirmedLeavers) {
					throw new SafetyHaltException(leavers, agentsBefore);
				}
				logger.warn("Commune {}: {} of {} agents deprovisioned at once, as confirmed by an admin",
						this.commune.communeId(), leavers, agentsBefore);
			}
			long[] counts = publishChanges(staging, connection, started);
			long agents = staging.size();
			this.commune.keepLease();
			staging.commit(started, groups.names());
			source.endFullPass();
			return new Result(new SyncMemory(source, groups, uniqueIdByMemberKey, started),
					new PassOutcome(agents, counts[0], counts[1], counts[2]));
		}
	}

	/** [leavers, enabled agents before]: enabled agents that this pass finds disabled or gone. */
	private long[] tally(Staging staging) {
		long[] tally = new long[2];
		String communeId = this.commune.communeId();
		staging.forEachBatch(BATCH, (staged) -> {
			Map<String, IndexedAgent> before = this.commune.index().agents(communeId, CommunePasses.ids(staged));
			for (IndexedAgent after : staged) {
				IndexedAgent previous = before.get(after.uniqueId());
				if (previous != null && previous.enabled() && !after.enabled()) {
					tally[0]++;
				}
			}
		});
		this.commune.index().forEachBatch(communeId, BATCH, (indexed) -> {
			Set<String> seen = staging.containing(CommunePasses.ids(indexed));
			for (IndexedAgent previous : indexed) {
				if (previous.enabled()) {
					tally[1]++;
					if (!seen.contains(previous.uniqueId())) {
						tally[0]++;
					}
				}
			}
		});
		return tally;
	}

	/** Publishes the events of what changed; [added, updated, removed]. */
	private long[] publishChanges(Staging staging, SyncConnection connection, Instant at) throws LDAPException {
		long[] counts = new long[3];
		String communeId = this.commune.communeId();
		staging.forEachBatch(BATCH, (staged) -> {
			Map<String, IndexedAgent> before = this.commune.index().agents(communeId, CommunePasses.ids(staged));
			List<DirectoryEvent> events = new ArrayList<>();
			for (IndexedAgent after : staged) {
				IndexedAgent previous = before.get(after.uniqueId());
				if (previous == null) {
					counts[0]++;
				}
				else if (previous.differsFrom(after)) {
					counts[1]++;
					AgentChanges.between(previous, after, at).ifPresent(events::add);
				}
			}
			this.commune.publish(events);
		});
		List<IndexedAgent> gone = new ArrayList<>();
		this.commune.index().forEachBatch(communeId, BATCH, (indexed) -> {
			Set<String> seen = staging.containing(CommunePasses.ids(indexed));
			indexed.stream().filter((previous) -> !seen.contains(previous.uniqueId())).forEach(gone::add);
		});
		counts[2] = gone.size();
		List<DirectoryEvent> events = new ArrayList<>();
		for (IndexedAgent previous : gone) {
			if (previous.enabled()) {
				AgentChanges.gone(previous, this.whereabouts.of(previous.uniqueId(), connection), at)
					.ifPresent(events::add);
			}
		}
		this.commune.publish(events);
		this.commune.metrics().changes("added", counts[0]);
		this.commune.metrics().changes("updated", counts[1]);
		this.commune.metrics().changes("removed", counts[2]);
		return counts;
	}

}
