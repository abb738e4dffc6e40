package fr.sesame.directory.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEvents;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.index.IndexedAgent;

/**
 * What every pass of one commune works with.
 *
 * @param communeId the commune
 * @param flavour its directory's flavour
 * @param nestedGroups whether groups of groups count
 * @param scope where agents and groups are
 * @param reader turns entries into index entries
 * @param index the directory index
 * @param events where changes of standing go
 * @param leases the commune's lease, renewed during long passes
 * @param safety how many leavers a pass may apply
 * @param metrics the commune's meters
 * @param clock the time
 */
record CommunePasses(String communeId, DirectoryFlavour flavour, boolean nestedGroups, SyncScope scope,
		AgentReader reader, DirectoryIndex index, DirectoryEvents events, CommuneLeases leases, LeaverSafety safety,
		SyncMetrics metrics, Clock clock) {

	/** Renews the lease, or stops the pass if another replica took the commune meanwhile. */
	void keepLease() {
		if (!this.leases.renew(this.communeId)) {
			throw new LeaseLostException(this.communeId);
		}
	}

	/** Publishes events and counts them, before the index changes (so that a crash repeats rather than loses them). */
	void publish(List<DirectoryEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		this.events.publish(events);
		for (DirectoryEvent event : events) {
			this.metrics.changes(event.type().label(), 1);
		}
	}

	static List<String> ids(Collection<IndexedAgent> agents) {
		List<String> ids = new ArrayList<>(agents.size());
		agents.forEach((agent) -> ids.add(agent.uniqueId()));
		return ids;
	}

}
