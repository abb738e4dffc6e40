package fr.sesame.auth.admin.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.admin.api.AdminAccess;
import fr.sesame.auth.admin.api.AdminApiException;
import fr.sesame.auth.admin.api.CommuneOverview;
import fr.sesame.auth.admin.api.SyncConfirmations;
import fr.sesame.auth.role.DeclaredRoles;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * The console's home: the communes the admin administers (all for a syndicate admin, its own for a commune admin),
 * each with its directory's health, its synchronisation and its index; and, per commune, the applications whose roles
 * its admins may assign (read-only here); a halted synchronisation's leavers are confirmed from here.
 */
@Controller
@ConsolePage
class CommunesPage {

	private final AdminAccess access;

	private final CommuneDirectories directories;

	private final CommuneOverview overview;

	private final DeclaredRoles declared;

	private final SyncConfirmations confirmations;

	CommunesPage(AdminAccess access, CommuneDirectories directories, CommuneOverview overview, DeclaredRoles declared,
			SyncConfirmations confirmations) {
		this.access = access;
		this.directories = directories;
		this.overview = overview;
		this.declared = declared;
		this.confirmations = confirmations;
	}

	@GetMapping("/console")
	String communes(@RequestParam(required = false) String confirmed, AdminCaller caller, Model model) {
		List<Commune> mine = this.directories.communes()
			.stream()
			.filter((commune) -> caller.administers(commune.id()))
			.toList();
		model.addAttribute("communes", this.overview.describe(mine));
		model.addAttribute("syndicate", caller.isSyndicateAdmin());
		model.addAttribute("confirmed", mine.stream().anyMatch((commune) -> commune.id().equals(confirmed)));
		return "console-communes";
	}

	/**
	 * An admin confirms the leavers a halted synchronisation holds back, with the count the page showed: a halt that
	 * changed since gets the page again with the API's refusal, not a confirmation of something else.
	 */
	@PostMapping("/console/communes/{communeId}/sync/confirmation")
	String confirmLeavers(@PathVariable String communeId, @RequestParam(name = "heldLeavers") String heldLeavers,
			AdminCaller caller, HttpServletRequest request) {
		Commune commune = this.access.commune(caller, communeId, request, SyncConfirmations.ACTION);
		long count;
		try {
			count = Long.parseLong(heldLeavers);
		}
		catch (NumberFormatException ex) {
			throw AdminApiException.badRequest("heldLeavers must be the number of leavers the page showed");
		}
		this.confirmations.confirm(caller, commune, count, request, "console");
		return "redirect:/console?confirmed=" + commune.id();
	}

	@GetMapping("/console/communes/{communeId}/applications")
	String applications(@PathVariable String communeId, AdminCaller caller, HttpServletRequest request,
			Model model) {
		Commune commune = this.access.commune(caller, communeId, request, "list-applications");
		List<Map<String, Object>> applications = new ArrayList<>();
		for (String clientId : this.declared.assignableIn(commune.id())) {
			Map<String, Object> application = new LinkedHashMap<>();
			application.put("client", clientId);
			application.put("name", this.declared.name(clientId).orElse(clientId));
			// A commune admin cannot assign admin roles: they are listed as such, not as assignable.
			application.put("roles", this.declared.declaredBy(clientId)
				.stream()
				.map((role) -> Map.of("name", role, "admin", this.declared.isAdminRole(role)))
				.toList());
			applications.add(application);
		}
		model.addAttribute("commune", commune);
		model.addAttribute("applications", applications);
		model.addAttribute("mayGrantAdminRoles", caller.mayGrantAdminRoles());
		return "console-applications";
	}

}
