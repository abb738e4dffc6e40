package fr.sesame.auth.admin.console;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.util.UriComponentsBuilder;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.admin.api.AdminAccess;
import fr.sesame.auth.admin.api.AdminApiException;
import fr.sesame.auth.admin.api.AssignmentViews;
import fr.sesame.auth.admin.api.RoleAssignmentChanges;
import fr.sesame.auth.role.DeclaredRoles;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.directory.commune.Commune;

/**
 * A commune's role assignments: the list (directory roles are not here: they show on each agent's page, with the
 * groups that grant them), a form to grant one (agent, application and role, optional expiry), one per assignment to
 * change its expiry or revoke it, and a CSV import (all or nothing, every bad row listed with its line). The rules
 * and the audit are the admin API's ({@link RoleAssignmentChanges}). A change redirects (POST-redirect-GET); a refused
 * one shows the page again with what is wrong, and changes nothing.
 */
@Controller
@ConsolePage
class AssignmentsPage {

	private static final String BASE = "/console/communes/{communeId}/assignments";

	// Spring Boot's default limit of an uploaded file.
	private static final long MAX_CSV_BYTES = 1024 * 1024;

	private static final Set<String> DONE = Set.of("assigned", "imported", "revoked", "changed");

	private final AdminAccess access;

	private final RoleAssignments assignments;

	private final RoleAssignmentChanges changes;

	private final AssignmentViews views;

	private final DeclaredRoles declared;

	AssignmentsPage(AdminAccess access, RoleAssignments assignments, RoleAssignmentChanges changes,
			AssignmentViews views, DeclaredRoles declared) {
		this.access = access;
		this.assignments = assignments;
		this.changes = changes;
		this.views = views;
		this.declared = declared;
	}

	@GetMapping(BASE)
	String list(@PathVariable String communeId, @RequestParam(required = false) String done,
			@RequestParam(required = false) String count, AdminCaller caller, HttpServletRequest request,
			Model model) {
		Commune commune = this.access.commune(caller, communeId, request, "list-assignments");
		model.addAttribute("done", (done != null && DONE.contains(done)) ? done : null);
		// A number for the message's choice format; anything else is ignored.
		model.addAttribute("count", (count != null && count.matches("[0-9]{1,5}")) ? Integer.valueOf(count) : null);
		return page(commune, caller, model, new GrantForm("", "", ""));
	}

	@PostMapping(BASE)
	String grant(@PathVariable String communeId, @RequestParam(defaultValue = "") String login,
			@RequestParam(defaultValue = "") String grant, @RequestParam(defaultValue = "") String expiresAt,
			AdminCaller caller, HttpServletRequest request, HttpServletResponse response, Model model) {
		Commune commune = this.access.commune(caller, communeId, request, "assign-role");
		// "client/role": one choice among the roles the commune's applications declare (no script to chain two lists).
		int slash = grant.indexOf('/');
		String client = (slash > 0) ? grant.substring(0, slash) : grant;
		String role = (slash > 0) ? grant.substring(slash + 1) : "";
		try {
			this.changes.grant(caller, commune, login.strip(), client, role, expiresAt.strip(), request, "console");
		}
		catch (AdminApiException ex) {
			response.setStatus(ex.status().value());
			model.addAttribute("grantProblem", (ex.problem() != null) ? ex.problem() : ex.error());
			return page(commune, caller, model, new GrantForm(login, grant, expiresAt));
		}
		return redirect(commune, "assigned", null);
	}

	@PostMapping(BASE + "/import")
	String importCsv(@PathVariable String communeId, @RequestParam(required = false) MultipartFile file,
			AdminCaller caller, HttpServletRequest request, HttpServletResponse response, Model model)
			throws IOException {
		Commune commune = this.access.commune(caller, communeId, request, "import-roles");
		String csv = (file != null && !file.isEmpty() && file.getSize() <= MAX_CSV_BYTES) ? utf8(file.getBytes())
				: null;
		if (csv == null) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("importProblem", (file == null || file.isEmpty()) ? "no_file" : "unreadable");
			return page(commune, caller, model, new GrantForm("", "", ""));
		}
		try {
			int imported = this.changes.importCsv(caller, commune, csv, request, "console-import").size();
			return redirect(commune, "imported", Integer.toString(imported));
		}
		catch (AdminApiException ex) {
			response.setStatus(ex.status().value());
			model.addAttribute("importProblem", ex.error());
			model.addAttribute("importDetail", ex.rows().isEmpty() ? ex.getMessage() : null);
			model.addAttribute("importRows", ex.rows());
			return page(commune, caller, model, new GrantForm("", "", ""));
		}
	}

	@PostMapping(BASE + "/{assignmentId}/expiry")
	String changeExpiry(@PathVariable String communeId, @PathVariable String assignmentId,
			@RequestParam(defaultValue = "") String expiresAt, AdminCaller caller, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		Commune commune = this.access.commune(caller, communeId, request, "change-role");
		try {
			this.changes.changeExpiry(caller, commune, assignmentId, expiresAt.strip(), request);
		}
		catch (AdminApiException ex) {
			if (ex.problem() == null) {
				throw ex;
			}
			response.setStatus(ex.status().value());
			model.addAttribute("expiryProblem", ex.problem());
			model.addAttribute("expiryAssignment", assignmentId);
			model.addAttribute("expiryValue", expiresAt);
			return page(commune, caller, model, new GrantForm("", "", ""));
		}
		return redirect(commune, "changed", null);
	}

	@PostMapping(BASE + "/{assignmentId}/remove")
	String revoke(@PathVariable String communeId, @PathVariable String assignmentId, AdminCaller caller,
			HttpServletRequest request) {
		Commune commune = this.access.commune(caller, communeId, request, "revoke-role");
		this.changes.revoke(caller, commune, assignmentId, request);
		return redirect(commune, "revoked", null);
	}

	private String page(Commune commune, AdminCaller caller, Model model, GrantForm form) {
		model.addAttribute("commune", commune);
		model.addAttribute("assignments", this.views.of(this.assignments.ofCommune(commune.id())));
		model.addAttribute("choices", choices(commune, caller));
		model.addAttribute("form", form);
		return "console-assignments";
	}

	/** Application → the roles this admin may grant there (a commune admin is not offered admin roles). */
	private List<Map<String, Object>> choices(Commune commune, AdminCaller caller) {
		List<Map<String, Object>> choices = new ArrayList<>();
		for (String clientId : this.declared.assignableIn(commune.id())) {
			List<String> roles = this.declared.declaredBy(clientId)
				.stream()
				.filter((role) -> caller.mayGrantAdminRoles() || !this.declared.isAdminRole(role))
				.toList();
			if (!roles.isEmpty()) {
				Map<String, Object> choice = new LinkedHashMap<>();
				choice.put("client", clientId);
				choice.put("name", this.declared.name(clientId).orElse(clientId));
				choice.put("roles", roles);
				choices.add(choice);
			}
		}
		return choices;
	}

	private static String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(java.nio.ByteBuffer.wrap(bytes))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static String redirect(Commune commune, String done, String count) {
		UriComponentsBuilder target = UriComponentsBuilder.fromPath(BASE).queryParam("done", done);
		if (count != null) {
			target.queryParam("count", count);
		}
		return "redirect:" + target.buildAndExpand(commune.id()).encode().toUriString();
	}

	/** What the admin typed, shown again when the grant is refused. */
	record GrantForm(String login, String grant, String expiresAt) {
	}

}
