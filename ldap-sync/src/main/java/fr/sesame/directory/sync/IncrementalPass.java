package fr.sesame.directory.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;

import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.flavour.GroupMembers;
import fr.sesame.directory.index.IndexedAgent;

/**
 * An incremental pass: takes what changed since the previous pass, brings the group graph up to date, works out
 * each touched agent's new state against the index, checks the leavers against the safety limit, publishes the
 * events, then writes the index. Nothing is written when any step fails; the group graph may have moved, so the
 * caller then starts over with a full pass.
 */
final class IncrementalPass {

	private static final int BATCH = 500;

	private final CommunePasses commune;

	private final Whereabouts whereabouts;

	IncrementalPass(CommunePasses commune) {
		this.commune = commune;
		this.whereabouts = new Whereabouts(commune.scope(), commune.flavour());
	}

	/**
	 * @param started when the changes were asked for: the index reflects the directory up to then once applied
	 * @return the memory to keep (the same, or one with a group graph read again) and what changed
	 * @throws SafetyHaltException when more agents would leave than the safety check allows
	 */
	FullPass.Result apply(SyncConnection connection, SyncMemory memory, DirectoryChanges changes, Instant started)
			throws LDAPException {
		String communeId = this.commune.communeId();
		AgentReader reader = this.commune.reader();
		SyncScope scope = this.commune.scope();
		Map<String, String> uniqueIdByMemberKey = memory.uniqueIdByMemberKey();

		// What the index said before, for every agent whose entry changed or left.
		Map<String, Entry> changedEntries = new LinkedHashMap<>();
		for (Entry entry : changes.agents()) {
			reader.uniqueId(entry).ifPresent((id) -> changedEntries.put(id, entry));
		}
		Map<String, DirectoryEventType> leaving = new LinkedHashMap<>();
		for (Entry entry : changes.outside()) {
			reader.uniqueId(entry).ifPresent((id) -> leaving.put(id, DirectoryEventType.OUT_OF_SCOPE));
		}
		changes.deleted().forEach((id) -> leaving.put(id, DirectoryEventType.DELETED));
		changes.vanished().forEach((id) -> leaving.putIfAbsent(id, null));
		if (changes.present() != null) {
			this.commune.index().forEachBatch(communeId, BATCH, (indexed) -> indexed.stream()
				.map(IndexedAgent::uniqueId)
				.filter((id) -> !changes.present().contains(id) && !changedEntries.containsKey(id))
				.forEach((id) -> leaving.putIfAbsent(id, null)));
		}
		leaving.keySet().removeAll(changedEntries.keySet());
		Set<String> touched = new HashSet<>(changedEntries.keySet());
		touched.addAll(leaving.keySet());
		Map<String, IndexedAgent> before = new HashMap<>(this.commune.index().agents(communeId, touched));

		// Groups first, so that changed agents get their current groups.
		GroupGraph groups = memory.groups();
		Set<String> regrouped = new HashSet<>();
		GroupGraph reread = updateGroups(connection, changes, groups, uniqueIdByMemberKey, regrouped);
		if (reread != null) {
			groups = reread;
		}
		if (this.commune.flavour() == DirectoryFlavour.ACTIVE_DIRECTORY && scope.groupMembers() == GroupMembers.DN) {
			// Active Directory keeps group members by reference: a renamed agent stays in its groups without the
			// groups changing, so the graph follows the rename.
			for (Map.Entry<String, Entry> changed : changedEntries.entrySet()) {
				IndexedAgent previous = before.get(changed.getKey());
				if (previous != null && previous.dn() != null) {
					groups.renameMember(Dns.normalize(previous.dn()), Dns.normalize(changed.getValue().getDN()));
				}
			}
		}

		Map<String, IndexedAgent> after = new LinkedHashMap<>();
		for (Map.Entry<String, Entry> changed : changedEntries.entrySet()) {
			String key = scope.memberKey(changed.getValue(), changed.getKey());
			after.put(changed.getKey(),
					reader.read(changed.getValue(), changed.getKey(), groups.groupsOf(key), started, connection::matches));
		}
		List<String> regroupedIds = new ArrayList<>();
		for (String key : regrouped) {
			String id = uniqueIdByMemberKey.get(key);
			if (id != null && !after.containsKey(id) && !leaving.containsKey(id)) {
				regroupedIds.add(id);
			}
		}
		for (int from = 0; from < regroupedIds.size(); from += BATCH) {
			List<String> ids = regroupedIds.subList(from, Math.min(regroupedIds.size(), from + BATCH));
			for (IndexedAgent previous : this.commune.index().agents(communeId, ids).values()) {
				before.put(previous.uniqueId(), previous);
				IndexedAgent regroupedAgent = reader.regroup(previous, groups.groupsOf(scope.memberKey(previous)));
				if (regroupedAgent.differsFrom(previous)) {
					after.put(previous.uniqueId(), regroupedAgent);
				}
			}
		}

		// Events, leavers and the safety check, before anything is written.
		List<DirectoryEvent> events = new ArrayList<>();
		List<IndexedAgent> saved = new ArrayList<>();
		long added = 0;
		long leavers = 0;
		for (IndexedAgent agent : after.values()) {
			IndexedAgent previous = before.get(agent.uniqueId());
			if (previous == null) {
				added++;
				saved.add(agent);
			}
			else if (previous.differsFrom(agent)) {
				saved.add(agent);
				Optional<DirectoryEvent> event = AgentChanges.between(previous, agent, started);
				event.ifPresent(events::add);
				leavers += event.filter((e) -> e.type().leaver()).isPresent() ? 1 : 0;
			}
		}
		List<IndexedAgent> removed = new ArrayList<>();
		for (Map.Entry<String, DirectoryEventType> gone : leaving.entrySet()) {
			IndexedAgent previous = before.get(gone.getKey());
			if (previous == null) {
				continue;
			}
			removed.add(previous);
			if (previous.enabled()) {
				DirectoryEventType why = (gone.getValue() != null) ? gone.getValue()
						: this.whereabouts.of(previous.uniqueId(), connection);
				AgentChanges.gone(previous, why, started).ifPresent(events::add);
				leavers++;
			}
		}
		long agentsBefore = this.commune.index().state(communeId).map((state) -> state.agents()).orElse(0L);
		if (!this.commune.safety().allows(leavers, agentsBefore)) {
			throw new SafetyHaltException(leavers, agentsBefore);
		}
		this.commune.keepLease();
		this.commune.publish(events);
		this.commune.index().save(communeId, saved);
		this.commune.index().remove(communeId, CommunePasses.ids(removed));
		this.commune.index().markSynced(communeId, started, groups.names());
		for (IndexedAgent previous : removed) {
			uniqueIdByMemberKey.remove(scope.memberKey(previous));
		}
		for (IndexedAgent agent : saved) {
			IndexedAgent previous = before.get(agent.uniqueId());
			if (previous != null && previous.dn() != null) {
				uniqueIdByMemberKey.remove(scope.memberKey(previous));
			}
			uniqueIdByMemberKey.put(scope.memberKey(agent), agent.uniqueId());
		}
		memory.source().advance(changes);
		this.commune.metrics().changes("added", added);
		this.commune.metrics().changes("updated", saved.size() - added);
		this.commune.metrics().changes("removed", removed.size());
		long agentsAfter = agentsBefore + added - removed.size();
		SyncMemory kept = (reread != null)
				? new SyncMemory(memory.source(), groups, uniqueIdByMemberKey, memory.lastFullPass()) : memory;
		return new FullPass.Result(kept, new PassOutcome(agentsAfter, added, saved.size() - added, removed.size()));
	}

	/**
	 * Applies changed groups to the graph, collecting the members whose groups may have changed; reads every group
	 * again when one was deleted, moved or renamed. Returns the new graph in that case, else null.
	 */
	private GroupGraph updateGroups(SyncConnection connection, DirectoryChanges changes, GroupGraph groups,
			Map<String, String> uniqueIdByMemberKey, Set<String> regrouped) throws LDAPException {
		AgentReader reader = this.commune.reader();
		SyncScope scope = this.commune.scope();
		boolean readAll = changes.regroupAll() || changes.goneGroups().stream().anyMatch(groups::containsUniqueId)
				|| (changes.presentGroups() != null && !groups.uniqueIds().stream()
					.allMatch(changes.presentGroups()::contains));
		if (!readAll) {
			for (Entry entry : changes.groups()) {
				String dn = Dns.normalize(entry.getDN());
				String name = entry.getAttributeValue(scope.groupName());
				List<String> members = GroupEntries.members(entry, scope, connection);
				if (groups.holds(dn, name, members)) {
					continue;
				}
				Optional<String> id = reader.uniqueId(entry);
				if (!groups.contains(dn) && id.isPresent() && groups.containsUniqueId(id.get())) {
					// A group renamed or moved within the base: its old DN is still in the graph.
					readAll = true;
					break;
				}
				regrouped.addAll(groups.membersAffectedBy(dn, members));
				groups.put(dn, name, id.orElse(null), members);
			}
		}
		if (!readAll) {
			return null;
		}
		// Members already collected above stay: the graph compared below already holds their groups' new state.
		GroupGraph fresh = GroupEntries.readAll(connection, scope, this.commune.nestedGroups(), reader,
				new String[0], (entry) -> {
				});
		for (String key : uniqueIdByMemberKey.keySet()) {
			if (!groups.groupsOf(key).equals(fresh.groupsOf(key))) {
				regrouped.add(key);
			}
		}
		return fresh;
	}

}
