package fr.sesame.auth.admin.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.directory.commune.Commune;

/**
 * The role assignments admins make in a commune: list, grant, revoke, set an expiry, import a CSV file (all or
 * nothing). Every change is audited with what it was and what it became; every refusal too
 * ({@link RoleAssignmentChanges}, which the console uses as well).
 */
@RestController
class AssignmentsController {

	private static final String BASE = "/api/admin/communes/{communeId}/assignments";

	private static final int MAX_JSON_BYTES = 4 * 1024;

	private static final int MAX_CSV_BYTES = 2 * 1024 * 1024;

	private final AdminAccess access;

	private final RoleAssignments assignments;

	private final RoleAssignmentChanges changes;

	private final AssignmentViews views;

	AssignmentsController(AdminAccess access, RoleAssignments assignments, RoleAssignmentChanges changes,
			AssignmentViews views) {
		this.access = access;
		this.assignments = assignments;
		this.changes = changes;
		this.views = views;
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
		RoleAssignment assignment = this.changes.grant(caller, commune, fields.get("login"), fields.get("client"),
				fields.get("role"), fields.get("expires_at"), request, "api");
		return ResponseEntity.created(URI.create(request.getRequestURI() + "/" + assignment.id()))
			.body(this.views.of(assignment));
	}

	@PostMapping(path = BASE + "/import", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> importCsv(@PathVariable String communeId, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "import-roles");
		Commune commune = this.access.commune(caller, communeId, request, "import-roles");
		String csv = RequestBodies.text(request, MAX_CSV_BYTES, Set.of("text/csv", "text/plain"));
		List<RoleAssignment> imported = this.changes.importCsv(caller, commune, csv, request, "import");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("imported", imported.size());
		body.put("assignments", this.views.of(imported));
		return ResponseEntity.status(HttpStatus.CREATED).body(body);
	}

	@DeleteMapping(path = BASE + "/{assignmentId}")
	ResponseEntity<Void> revoke(@PathVariable String communeId, @PathVariable String assignmentId,
			@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "revoke-role");
		Commune commune = this.access.commune(caller, communeId, request, "revoke-role");
		this.changes.revoke(caller, commune, assignmentId, request);
		return ResponseEntity.noContent().build();
	}

	@PatchMapping(path = BASE + "/{assignmentId}", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> changeExpiry(@PathVariable String communeId, @PathVariable String assignmentId,
			@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "change-role");
		Commune commune = this.access.commune(caller, communeId, request, "change-role");
		if (!AdminInput.isAssignmentId(assignmentId)) {
			throw AdminApiException.notFound("No such assignment in this commune");
		}
		Map<String, String> fields = RequestBodies.jsonObject(request, MAX_JSON_BYTES, Set.of("expires_at"));
		if (!fields.containsKey("expires_at")) {
			throw AdminApiException.badRequest("expires_at is required (null removes the expiry)");
		}
		return this.views.of(this.changes.changeExpiry(caller, commune, assignmentId, fields.get("expires_at"),
				request));
	}

}
