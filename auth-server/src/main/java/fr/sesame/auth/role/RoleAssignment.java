package fr.sesame.auth.role;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An agent holds a role of an application in a commune. An agent of the syndicate may hold roles in several
 * communes, so the commune where the role applies is kept apart from the agent's own.
 *
 * @param id the assignment's id ({@code null} for a directory role, which is computed, never stored)
 * @param agent who holds the role
 * @param communeId where the role applies
 * @param clientId the application (client id) whose role it is
 * @param role the role, one the client declares
 * @param source the directory's group mappings or an admin
 * @param groups for a directory role, the agent's groups that grant it; empty otherwise
 * @param expiresAt when an admin's assignment stops granting; {@code null}: never
 * @param grantedBy the {@code sub} of the admin who granted it ({@code null} for a directory role)
 * @param grantedAt when it was granted ({@code null} for a directory role)
 */
public record RoleAssignment(String id, AssignedAgent agent, String communeId, String clientId, String role,
		RoleSource source, List<String> groups, Instant expiresAt, String grantedBy, Instant grantedAt) {

	public RoleAssignment {
		Objects.requireNonNull(agent, "agent");
		Objects.requireNonNull(communeId, "communeId");
		Objects.requireNonNull(clientId, "clientId");
		Objects.requireNonNull(role, "role");
		Objects.requireNonNull(source, "source");
		groups = (groups != null) ? List.copyOf(groups) : List.of();
		// Stores keep milliseconds: an assignment reads back equal to what was written.
		expiresAt = (expiresAt != null) ? expiresAt.truncatedTo(ChronoUnit.MILLIS) : null;
		grantedAt = (grantedAt != null) ? grantedAt.truncatedTo(ChronoUnit.MILLIS) : null;
		if (source == RoleSource.ADMIN) {
			Objects.requireNonNull(id, "id");
			Objects.requireNonNull(grantedBy, "grantedBy");
			Objects.requireNonNull(grantedAt, "grantedAt");
		}
	}

	/** A new admin assignment, with a random id. */
	public static RoleAssignment byAdmin(AssignedAgent agent, String communeId, String clientId, String role,
			Instant expiresAt, String grantedBy, Instant grantedAt) {
		return new RoleAssignment(UUID.randomUUID().toString(), agent, communeId, clientId, role, RoleSource.ADMIN,
				List.of(), expiresAt, grantedBy, grantedAt);
	}

	/** A role that the agent's groups grant through the commune's mappings. */
	public static RoleAssignment fromDirectory(AssignedAgent agent, String communeId, String clientId, String role,
			List<String> groups) {
		return new RoleAssignment(null, agent, communeId, clientId, role, RoleSource.DIRECTORY, groups, null, null,
				null);
	}

	/** Whether it still grants the role at {@code now}: an expiry is the first instant it no longer does. */
	public boolean isActiveAt(Instant now) {
		return this.expiresAt == null || now.isBefore(this.expiresAt);
	}

	/** The same assignment, expiring at another time ({@code null}: never). */
	public RoleAssignment withExpiry(Instant newExpiresAt) {
		return new RoleAssignment(this.id, this.agent, this.communeId, this.clientId, this.role, this.source,
				this.groups, newExpiresAt, this.grantedBy, this.grantedAt);
	}

	/** Whether both say the same agent holds the same role of the same client in the same commune. */
	public boolean grantsSameAs(RoleAssignment other) {
		return this.agent.sub().equals(other.agent.sub()) && this.communeId.equals(other.communeId)
				&& this.clientId.equals(other.clientId) && this.role.equals(other.role);
	}

}
