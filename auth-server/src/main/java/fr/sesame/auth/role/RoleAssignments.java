package fr.sesame.auth.role;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The roles admins assign, indexed by the commune where they apply (a commune's list is read without scanning the
 * others) and by agent (read at every token). An assignment past its expiry is never returned, whatever the store
 * still holds, and is removed lazily when its commune or agent is next read. Two assignments granting the same role
 * of the same client to the same agent in the same commune cannot both be active.
 */
public interface RoleAssignments {

	/**
	 * Stores a new admin assignment.
	 * @return false, storing nothing, when an active assignment already grants the same
	 */
	boolean add(RoleAssignment assignment);

	/**
	 * Stores every assignment or none (a CSV import).
	 * @return false, storing nothing, when any of them is already granted by an active assignment or is listed twice
	 */
	boolean addAll(List<RoleAssignment> assignments);

	/** The active assignment with that id, if it applies in that commune. */
	Optional<RoleAssignment> find(String communeId, String id);

	/** The active assignments that apply in the commune, oldest first. */
	List<RoleAssignment> ofCommune(String communeId);

	/** The active assignments of the agent, in every commune, oldest first. */
	List<RoleAssignment> ofAgent(String sub);

	/**
	 * Removes an assignment of the commune.
	 * @return what was removed; empty when no active assignment of the commune has that id
	 */
	Optional<RoleAssignment> remove(String communeId, String id);

	/**
	 * Sets or removes ({@code null}) an assignment's expiry.
	 * @return the assignment as it now is; empty when no active assignment of the commune has that id
	 */
	Optional<RoleAssignment> changeExpiry(String communeId, String id, Instant expiresAt);

}
