package fr.sesame.auth.admin.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.auth.role.RoleProperties;
import fr.sesame.directory.commune.Commune;

/**
 * The changes admins make to a commune's role assignments, whether through the API or the console: grant, import a
 * CSV file (all or nothing), revoke, set an expiry. Every change is audited with what it was and what it became, and
 * every refusal of an admin role too. The commune is one the caller administers ({@link AdminAccess#commune}).
 */
public final class RoleAssignmentChanges {

	private final AdminAccess access;

	private final RoleAssignments assignments;

	private final RoleGrants grants;

	private final Expiries expiries;

	private final RoleProperties properties;

	RoleAssignmentChanges(AdminAccess access, RoleAssignments assignments, RoleGrants grants, Expiries expiries,
			RoleProperties properties) {
		this.access = access;
		this.assignments = assignments;
		this.grants = grants;
		this.expiries = expiries;
		this.properties = properties;
	}

	/**
	 * @param via how the admin asked ({@code api}, {@code console}), for the audit entry
	 * @throws AdminApiException 403 for an admin role granted by a commune admin (audited), 409 for a role already
	 * held, 400 for anything else wrong (the first problem)
	 */
	public RoleAssignment grant(AdminCaller caller, Commune commune, String login, String client, String role,
			String expiresAt, HttpServletRequest request, String via) {
		RoleGrants.Request asked = new RoleGrants.Request(1, login, client, role, expiresAt);
		RoleGrants.Checked checked = this.grants.check(caller, commune, List.of(asked));
		if (checked.refusesAdminRole()) {
			// Only a login of valid syntax goes into the audit entry; anything else could be any bytes.
			this.access.denied(caller, request, "assign-role", commune.id(),
					AdminInput.isLogin(asked.login()) ? asked.login() : null, "admin-role");
			throw AdminApiException.forbidden("Only a syndicate admin grants admin roles");
		}
		if (!checked.problems().isEmpty()) {
			throw AdminApiException.grantRefused(checked.problems().get(0));
		}
		RoleAssignment assignment = checked.assignments().get(0);
		if (!this.assignments.add(assignment)) {
			throw AdminApiException.conflict("Already assigned");
		}
		assigned(caller, request, assignment, via);
		return assignment;
	}

	/**
	 * @param csv the whole file ({@link CsvAssignments})
	 * @param via {@code import} for the API, {@code console-import} for the console
	 * @return what was imported
	 * @throws AdminApiException 400 {@code invalid_import} with every bad row ({@link AdminApiException#rows()}), and
	 * nothing imported; 400 or 413 for a file without header or rows, or too long; 409 when another admin assigned
	 * some of the roles meanwhile
	 */
	public List<RoleAssignment> importCsv(AdminCaller caller, Commune commune, String csv, HttpServletRequest request,
			String via) {
		CsvAssignments.Parsed parsed = CsvAssignments.parse(csv, this.properties.importMaxRows());
		RoleGrants.Checked checked = this.grants.check(caller, commune, parsed.requests());
		if (checked.refusesAdminRole()) {
			this.access.denied(caller, request, "import-roles", commune.id(), null, "admin-role");
		}
		if (!parsed.problems().isEmpty() || !checked.problems().isEmpty()) {
			List<RoleGrants.Problem> problems = new ArrayList<>(parsed.problems());
			problems.addAll(checked.problems());
			problems.sort(Comparator.comparingInt(RoleGrants.Problem::line));
			throw AdminApiException.badRows(problems.stream().map(RoleGrants.Problem::json).toList());
		}
		if (!this.assignments.addAll(checked.assignments())) {
			throw AdminApiException.conflict("Another admin assigned some of these roles meanwhile; nothing was "
					+ "imported");
		}
		checked.assignments().forEach((assignment) -> assigned(caller, request, assignment, via));
		return checked.assignments();
	}

	/** @throws AdminApiException 404 when the commune has no such assignment */
	public RoleAssignment revoke(AdminCaller caller, Commune commune, String assignmentId,
			HttpServletRequest request) {
		RoleAssignment removed = (AdminInput.isAssignmentId(assignmentId)
				? this.assignments.remove(commune.id(), assignmentId) : Optional.<RoleAssignment>empty())
			.orElseThrow(RoleAssignmentChanges::noSuchAssignment);
		Map<String, String> data = describe("revoke-role", removed);
		data.put("before.role", removed.role());
		data.put("before.expires_at", expiry(removed));
		data.put("after.role", "none");
		this.access.changed(caller, request, AuditEventType.ROLE_REVOKED, data);
		return removed;
	}

	/**
	 * @param expiresAt as the admin wrote it ({@link Expiries}); {@code null} or empty removes the expiry
	 * @throws AdminApiException 404 when the commune has no such assignment, 400 for an expiry that cannot be
	 */
	public RoleAssignment changeExpiry(AdminCaller caller, Commune commune, String assignmentId, String expiresAt,
			HttpServletRequest request) {
		if (!AdminInput.isAssignmentId(assignmentId)) {
			throw noSuchAssignment();
		}
		Instant expiry;
		try {
			expiry = this.expiries.parse(expiresAt);
		}
		catch (Expiries.InvalidExpiry ex) {
			throw AdminApiException.grantRefused(new RoleGrants.Problem(1, "invalid_expiry", ex.getMessage()));
		}
		RoleAssignment before = this.assignments.find(commune.id(), assignmentId)
			.orElseThrow(RoleAssignmentChanges::noSuchAssignment);
		RoleAssignment after = this.assignments.changeExpiry(commune.id(), assignmentId, expiry)
			.orElseThrow(RoleAssignmentChanges::noSuchAssignment);
		Map<String, String> data = describe("change-role", after);
		data.put("before.expires_at", expiry(before));
		data.put("after.expires_at", expiry(after));
		this.access.changed(caller, request, AuditEventType.ROLE_CHANGED, data);
		return after;
	}

	private void assigned(AdminCaller caller, HttpServletRequest request, RoleAssignment assignment, String via) {
		Map<String, String> data = describe("assign-role", assignment);
		data.put("via", via);
		data.put("before.role", "none");
		data.put("after.role", assignment.role());
		data.put("after.expires_at", expiry(assignment));
		this.access.changed(caller, request, AuditEventType.ROLE_ASSIGNED, data);
	}

	// The commune is where the role applies: the entry shows in that commune's audit trail.
	private static Map<String, String> describe(String action, RoleAssignment assignment) {
		Map<String, String> data = new LinkedHashMap<>();
		data.put("action", action);
		data.put("commune", assignment.communeId());
		data.put("target", assignment.agent().login());
		data.put("agent", assignment.agent().sub());
		data.put("agent_commune", assignment.agent().communeId());
		data.put("client", assignment.clientId());
		data.put("role", assignment.role());
		data.put("assignment", assignment.id());
		return data;
	}

	private static String expiry(RoleAssignment assignment) {
		return (assignment.expiresAt() != null) ? assignment.expiresAt().toString() : "none";
	}

	private static AdminApiException noSuchAssignment() {
		return AdminApiException.notFound("No such assignment in this commune");
	}

}
