package fr.sesame.directory.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.index.IndexedAgent;

/** The event, if any, that a change of an agent's entry calls for. */
final class AgentChanges {

	private AgentChanges() {
	}

	/**
	 * Disabled, or still active with fewer roles. An agent who was already disabled, or who becomes active, causes
	 * no event: there is nothing to take away.
	 */
	static Optional<DirectoryEvent> between(IndexedAgent before, IndexedAgent after, Instant at) {
		if (!before.enabled()) {
			return Optional.empty();
		}
		if (!after.enabled()) {
			return Optional.of(DirectoryEvent.of(DirectoryEventType.DISABLED, after.communeId(), after.uniqueId(), at));
		}
		Map<String, List<String>> lost = before.rolesLostIn(after);
		return lost.isEmpty() ? Optional.empty()
				: Optional.of(DirectoryEvent.rolesRevoked(after.communeId(), after.uniqueId(), at, lost));
	}

	/** An agent gone from the synchronised content; nothing to say about one who was disabled already. */
	static Optional<DirectoryEvent> gone(IndexedAgent before, DirectoryEventType why, Instant at) {
		return before.enabled() ? Optional.of(DirectoryEvent.of(why, before.communeId(), before.uniqueId(), at))
				: Optional.empty();
	}

}
