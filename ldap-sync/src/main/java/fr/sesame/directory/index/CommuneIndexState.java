package fr.sesame.directory.index;

import java.time.Instant;
import java.util.List;

/**
 * What the index says about a commune as a whole.
 *
 * @param communeId the commune
 * @param syncedAt the index holds everything the directory said up to this moment (the start of the last
 * successful pass); {@code null} until a first full pass completed, during which the index must not be trusted to
 * say that an agent is absent
 * @param agents how many agents the index holds for the commune
 * @param groups the names of the commune's groups, sorted
 */
public record CommuneIndexState(String communeId, Instant syncedAt, long agents, List<String> groups) {

	public CommuneIndexState {
		groups = (groups != null) ? List.copyOf(groups) : List.of();
	}

	/** Whether a full pass completed, so that an agent missing from the index is really gone. */
	public boolean synced() {
		return this.syncedAt != null;
	}

}
