package fr.sesame.auth.role;

import java.time.Instant;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An admin assignment as stored in Redis: a flat JSON object of strings and epoch milliseconds, read into a plain
 * record (no polymorphic typing, nothing instantiated from what the JSON names).
 */
final class RoleAssignmentJson {

	private final JsonMapper mapper = JsonMapper.builder().build();

	String write(RoleAssignment assignment) {
		AssignedAgent agent = assignment.agent();
		Stored stored = new Stored(1, assignment.id(), agent.sub(), agent.communeId(), agent.uniqueId(), agent.login(),
				assignment.communeId(), assignment.clientId(), assignment.role(), millis(assignment.expiresAt()),
				assignment.grantedBy(), assignment.grantedAt().toEpochMilli());
		try {
			return this.mapper.writeValueAsString(stored);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("Role assignment " + assignment.id() + " cannot be written as JSON", ex);
		}
	}

	RoleAssignment read(String json) {
		Stored stored;
		try {
			stored = this.mapper.readValue(json, Stored.class);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("A stored role assignment cannot be read: " + ex.getOriginalMessage(), ex);
		}
		return new RoleAssignment(stored.id(),
				new AssignedAgent(stored.sub(), stored.agentCommune(), stored.agentId(), stored.login()),
				stored.commune(), stored.client(), stored.role(), RoleSource.ADMIN, List.of(),
				(stored.expiresAt() != null) ? Instant.ofEpochMilli(stored.expiresAt()) : null, stored.grantedBy(),
				Instant.ofEpochMilli(stored.grantedAt()));
	}

	private static Long millis(Instant instant) {
		return (instant != null) ? instant.toEpochMilli() : null;
	}

	/** Version 1 of the stored form; a later change of shape bumps {@code v}. */
	record Stored(int v, String id, String sub, String agentCommune, String agentId, String login, String commune,
			String client, String role, Long expiresAt, String grantedBy, long grantedAt) {
	}

}
