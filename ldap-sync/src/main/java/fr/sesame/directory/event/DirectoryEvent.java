package fr.sesame.directory.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A change of an agent's standing, seen by the synchronisation of a commune's directory. Delivered at least once:
 * handling one twice must do no harm.
 *
 * @param id unique per change, for logs and de-duplication
 * @param type what happened
 * @param communeId the commune
 * @param uniqueId the agent's immutable id in that directory (with the commune, it gives the agent's {@code sub})
 * @param occurredAt when the synchronisation saw it
 * @param rolesLost for {@link DirectoryEventType#ROLES_REVOKED}: client id → roles no longer granted
 */
public record DirectoryEvent(String id, DirectoryEventType type, String communeId, String uniqueId,
		Instant occurredAt, Map<String, List<String>> rolesLost) {

	public DirectoryEvent {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(communeId, "communeId");
		Objects.requireNonNull(uniqueId, "uniqueId");
		Objects.requireNonNull(occurredAt, "occurredAt");
		rolesLost = (rolesLost != null) ? Map.copyOf(new TreeMap<>(rolesLost)) : Map.of();
	}

	public static DirectoryEvent of(DirectoryEventType type, String communeId, String uniqueId, Instant at) {
		return new DirectoryEvent(UUID.randomUUID().toString(), type, communeId, uniqueId, at, Map.of());
	}

	public static DirectoryEvent rolesRevoked(String communeId, String uniqueId, Instant at,
			Map<String, List<String>> rolesLost) {
		return new DirectoryEvent(UUID.randomUUID().toString(), DirectoryEventType.ROLES_REVOKED, communeId, uniqueId,
				at, rolesLost);
	}

}
