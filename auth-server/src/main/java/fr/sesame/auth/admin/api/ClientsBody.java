package fr.sesame.auth.admin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

import fr.sesame.auth.client.registry.ApplicationForm;

/**
 * The JSON body of a client registration or edit, each field checked for its JSON type (lists of strings, booleans,
 * strings, or {@code null}) before the registry's rules check its value.
 */
final class ClientsBody {

	private static final int MAX_LIST_ENTRIES = 200;

	private ClientsBody() {
	}

	/**
	 * @param allowed the fields this request may carry
	 * @return field → {@code String}, {@code List<String>}, {@code Boolean} or {@code null}, for the fields present
	 */
	static Map<String, Object> fields(JsonNode body, Set<String> allowed) {
		Map<String, Object> fields = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> field : body.properties()) {
			String name = field.getKey();
			if (!allowed.contains(name)) {
				throw AdminApiException.badRequest("Unknown field; expected only "
						+ String.join(", ", new TreeSet<>(allowed)));
			}
			JsonNode value = field.getValue();
			if (value.isNull()) {
				fields.put(name, null);
			}
			else if (ApplicationForm.LIST_FIELDS.contains(name)) {
				fields.put(name, strings(name, value));
			}
			else if (ApplicationForm.BOOLEAN_FIELDS.contains(name)) {
				if (!value.isBoolean()) {
					throw AdminApiException.badRequest(name + " must be true or false");
				}
				fields.put(name, value.booleanValue());
			}
			else {
				if (!value.isString()) {
					throw AdminApiException.badRequest(name + " must be a string");
				}
				fields.put(name, value.stringValue());
			}
		}
		return fields;
	}

	private static List<String> strings(String name, JsonNode value) {
		if (!value.isArray() || value.size() > MAX_LIST_ENTRIES) {
			throw AdminApiException.badRequest(name + " must be an array of at most " + MAX_LIST_ENTRIES + " strings");
		}
		List<String> strings = new ArrayList<>();
		for (JsonNode item : value) {
			if (!item.isString()) {
				throw AdminApiException.badRequest(name + " must be an array of strings");
			}
			strings.add(item.stringValue());
		}
		return strings;
	}

}
