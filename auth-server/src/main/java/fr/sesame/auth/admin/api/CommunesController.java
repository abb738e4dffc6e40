package fr.sesame.auth.admin.api;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;

/** The communes an admin administers (all of them for a syndicate admin, its own for a commune admin). */
@RestController
class CommunesController {

	private final AdminAccess access;

	private final CommuneDirectories directories;

	private final CommuneOverview overview;

	CommunesController(AdminAccess access, CommuneDirectories directories, CommuneOverview overview) {
		this.access = access;
		this.directories = directories;
		this.overview = overview;
	}

	@GetMapping(path = "/api/admin/communes", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> communes(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "list-communes");
		if (!caller.isAdmin()) {
			this.access.denied(caller, request, "list-communes", caller.communeId(), null, "not-an-admin");
			throw AdminApiException.forbidden("You administer no commune");
		}
		List<Commune> mine = this.directories.communes().stream().filter((c) -> caller.administers(c.id())).toList();
		return Map.of("communes", this.overview.describe(mine));
	}

}
