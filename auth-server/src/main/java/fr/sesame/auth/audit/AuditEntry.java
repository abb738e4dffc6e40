package fr.sesame.auth.audit;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One entry of the audit trail, as stored and as chained: its place ({@code seq}, and the store's own {@code id}:
 * the Redis stream id, or the sequence number in memory), what happened, and the link to the entry before it
 * ({@code prev}, that entry's hash). {@code hash} is the keyed hash of {@link #canonicalJson()}, which covers every
 * field but {@code id} and {@code hash} itself. A draft, not yet appended, has {@code seq} 0 and no link.
 *
 * @param data flat: identifiers, outcomes and reasons, never a password, code, secret or token
 */
public record AuditEntry(long seq, String id, Instant at, String type, String principal, String commune, String ip,
		Map<String, String> data, String prev, String hash) {

	/** The {@code prev} of the very first entry. */
	public static final String GENESIS = "";

	public AuditEntry {
		Objects.requireNonNull(at, "at");
		Objects.requireNonNull(type, "type");
		principal = (principal != null) ? principal : "";
		// Sorted, so that the canonical form does not depend on the order a caller or a store gave the keys in.
		data = Collections.unmodifiableMap(new TreeMap<>(data));
	}

	/** What to append: the chain gives it its seq, prev and hash. */
	public static AuditEntry draft(Instant at, String type, String principal, String commune, String ip,
			Map<String, String> data) {
		return new AuditEntry(0, null, at, type, principal, commune, ip, data, null, null);
	}

	AuditEntry linked(long seq, String prev, String hash) {
		return new AuditEntry(seq, null, this.at, this.type, this.principal, this.commune, this.ip, this.data, prev,
				hash);
	}

	AuditEntry withId(String id) {
		return new AuditEntry(this.seq, id, this.at, this.type, this.principal, this.commune, this.ip, this.data,
				this.prev, this.hash);
	}

	/**
	 * The form that is hashed: JSON with fixed member order, sorted data keys, no spaces, and only {@code "}, {@code \}
	 * and control characters escaped, so that it is the same bytes in every version of every JSON library.
	 */
	public String canonicalJson() {
		StringBuilder json = new StringBuilder(256);
		json.append("{\"seq\":").append(this.seq);
		member(json, "at", this.at.toString());
		member(json, "type", this.type);
		member(json, "principal", this.principal);
		member(json, "commune", this.commune);
		member(json, "ip", this.ip);
		json.append(",\"data\":");
		data(json);
		member(json, "prev", this.prev);
		return json.append('}').toString();
	}

	/** The data alone, as a JSON object in canonical form. */
	public String dataJson() {
		return data(new StringBuilder(128)).toString();
	}

	private StringBuilder data(StringBuilder json) {
		json.append('{');
		boolean first = true;
		for (Map.Entry<String, String> entry : this.data.entrySet()) {
			if (!first) {
				json.append(',');
			}
			first = false;
			string(json, entry.getKey()).append(':');
			string(json, entry.getValue());
		}
		return json.append('}');
	}

	/** The canonical form with its hash: the SIEM's copy, from which the chain can be checked again. */
	public String json() {
		String canonical = canonicalJson();
		StringBuilder json = new StringBuilder(canonical.length() + 64).append(canonical, 0, canonical.length() - 1);
		member(json, "hash", this.hash);
		return json.append('}').toString();
	}

	private static void member(StringBuilder json, String name, String value) {
		json.append(",\"").append(name).append("\":");
		if (value == null) {
			json.append("null");
		}
		else {
			string(json, value);
		}
	}

	private static StringBuilder string(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' || c == '\\') {
				json.append('\\').append(c);
			}
			else if (c < 0x20) {
				json.append(String.format("\\u%04x", (int) c));
			}
			else {
				json.append(c);
			}
		}
		return json.append('"');
	}

}
