package fr.sesame.auth.admin.api;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.auth.role.RoleProperties;
import fr.sesame.directory.commune.Commune;

/**
 * The role assignments admins make in a commune: list, grant, revoke, set an expiry, import a CSV file (all or
 * nothing). Every change is audited with what it was and what it became; every refusal too.
 */
@RestController
class AssignmentsController {

	private static final String BASE = "/api/admin/communes/{communeId}/assignments";

	private static final int MAX_JSON_BYTES = 4 * 1024;

	private static final int MAX_CSV_BYTES = 2 * 1024 * 1024;

	private final AdminAccess access;

	private final RoleAssignments assignments;

	private final RoleGrants grants;

	private final Expiries expiries;

	private final AssignmentViews views;

	private final RoleProperties properties;

	AssignmentsController(AdminAccess access, RoleAssignments assignments, RoleGrants grants, Expiries expiries,
			AssignmentViews views, RoleProperties properties) {
		this.access = access;
		this.assignments = assignments;
		this.grants = grants;
		this.expiries = expiries;
		this.views = views;
		this.properties = properties;
	}

	@GetMapping(path = BASE, produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> list(@PathVariable String communeId, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "list-assignments");
		Commune commune = this.access.commune(caller, communeId, request, "list-assignments");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("commune", commune.id());
		body.put("assignments", this.views.of(this.assignments.ofCommune(commune.id())));
		return body;
	}

	@PostMapping(path = BASE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> grant(@PathVariable String communeId, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "assign-role");
		Commune commune = this.access.commune(caller, communeId, request, "assign-role");
		Map<String, String> fields = RequestBodies.jsonObject(request, MAX_JSON_BYTES,
				Set.of("login", "client", "role", "expires_at"));
		RoleGrants.Request asked = new RoleGrants.Request(1, fields.get("login"), fields.get("client"),
				fields.get("role"), fields.get("expires_at"));
		RoleGrants.Checked checked = this.grants.check(caller, commune, List.of(asked));
		if (checked.refusesAdminRole()) {
			// Only a login of valid syntax goes into the audit entry; anything else could be any bytes.
			this.access.denied(caller, request, "assign-role", commune.id(),
					AdminInput.isLogin(asked.login()) ? asked.login() : null, "admin-role");
			throw AdminApiException.forbidden("Only a syndicate admin grants admin roles");
		}
		if (!checked.problems().isEmpty()) {
			RoleGrants.Problem first = checked.problems().get(0);
			if ("duplicate".equals(first.error())) {
				throw AdminApiException.conflict(first.description());
			}
			throw AdminApiException.badRequest(first.description());
		}
		RoleAssignment assignment = checked.assignments().get(0);
		if (!this.assignments.add(assignment)) {
			throw AdminApiException.conflict("Already assigned");
		}
		assigned(caller, request, assignment, "api");
		return ResponseEntity.created(URI.create(request.getRequestURI() + "/" + assignment.id()))
			.body(this.views.of(assignment));
	}

	@PostMapping(path = BASE + "/import", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> importCsv(@PathVariable String communeId, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "import-roles");
		Commune commune = this.access.commune(caller, communeId, request, "import-roles");
		String csv = RequestBodies.text(request, MAX_CSV_BYTES, Set.of("text/csv", "text/plain"));
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
		checked.assignments().forEach((assignment) -> assigned(caller, request, assignment, "import"));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("imported", checked.assignments().size());
		body.put("assignments", this.views.of(checked.assignments()));
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

	@DeleteMapping(path = BASE + "/{assignmentId}")
	ResponseEntity<Void> revoke(@PathVariable String communeId, @PathVariable String assignmentId,
			@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "revoke-role");
		Commune commune = this.access.commune(caller, communeId, request, "revoke-role");
		RoleAssignment removed = (AdminInput.isAssignmentId(assignmentId)
				? this.assignments.remove(commune.id(), assignmentId) : Optional.<RoleAssignment>empty())
			.orElseThrow(AssignmentsController::noSuchAssignment);
		Map<String, String> data = describe("revoke-role", removed);
		data.put("before.role", removed.role());
		data.put("before.expires_at", expiry(removed));
		data.put("after.role", "none");
		this.access.changed(caller, request, AuditEventType.ROLE_REVOKED, data);
		return ResponseEntity.noContent().build();
	}

	@PatchMapping(path = BASE + "/{assignmentId}", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> changeExpiry(@PathVariable String communeId, @PathVariable String assignmentId,
			@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "change-role");
		Commune commune = this.access.commune(caller, communeId, request, "change-role");
		if (!AdminInput.isAssignmentId(assignmentId)) {
			throw noSuchAssignment();
		}
		Map<String, String> fields = RequestBodies.jsonObject(request, MAX_JSON_BYTES, Set.of("expires_at"));
		if (!fields.containsKey("expires_at")) {
			throw AdminApiException.badRequest("expires_at is required (null removes the expiry)");
		}
		Instant expiresAt;
		try {
			expiresAt = this.expiries.parse(fields.get("expires_at"));
		}
		catch (Expiries.InvalidExpiry ex) {
			throw AdminApiException.badRequest(ex.getMessage());
		}
		RoleAssignment before = this.assignments.find(commune.id(), assignmentId)
			.orElseThrow(AssignmentsController::noSuchAssignment);
		RoleAssignment after = this.assignments.changeExpiry(commune.id(), assignmentId, expiresAt)
			.orElseThrow(AssignmentsController::noSuchAssignment);
		Map<String, String> data = describe("change-role", after);
		data.put("before.expires_at", expiry(before));
		data.put("after.expires_at", expiry(after));
		this.access.changed(caller, request, AuditEventType.ROLE_CHANGED, data);
		return this.views.of(after);
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
