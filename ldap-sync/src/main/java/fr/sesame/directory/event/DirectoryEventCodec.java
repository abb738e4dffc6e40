package fr.sesame.directory.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** An event as the fields of a Redis stream entry: flat strings that {@code redis-cli XRANGE} shows readably. */
final class DirectoryEventCodec {

	private static final TypeReference<Map<String, List<String>>> ROLES = new TypeReference<>() {
	};

	private final JsonMapper json;

	DirectoryEventCodec(JsonMapper json) {
		this.json = json;
	}

	Map<String, String> encode(DirectoryEvent event) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("id", event.id());
		fields.put("type", event.type().label());
		fields.put("commune", event.communeId());
		fields.put("uniqueId", event.uniqueId());
		fields.put("at", event.occurredAt().toString());
		if (!event.rolesLost().isEmpty()) {
			fields.put("rolesLost", this.json.writeValueAsString(event.rolesLost()));
		}
		return fields;
	}

	/** @throws IllegalArgumentException when a field is missing or malformed */
	DirectoryEvent decode(Map<?, ?> fields) {
		try {
			Object roles = fields.get("rolesLost");
			return new DirectoryEvent(text(fields, "id"), DirectoryEventType.ofLabel(text(fields, "type")),
					text(fields, "commune"), text(fields, "uniqueId"), Instant.parse(text(fields, "at")),
					(roles != null) ? this.json.readValue(roles.toString(), ROLES) : Map.of());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Malformed directory event: " + ex.getMessage(), ex);
		}
	}

	private static String text(Map<?, ?> fields, String name) {
		Object value = fields.get(name);
		if (value == null) {
			throw new IllegalArgumentException("no '" + name + "' field");
		}
		return value.toString();
	}

}
