package fr.sesame.auth.admin.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.admin.api.ClientChanges;
import fr.sesame.auth.client.registry.Application;
import fr.sesame.auth.client.registry.ApplicationForm;
import fr.sesame.auth.client.registry.ClientRegistry;
import fr.sesame.auth.client.registry.RegistrationRefused;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * The applications (OIDC clients): the list, one client's settings, and, for a syndicate admin, the forms to register
 * one, edit a registered one, rotate its secret (the new secret is shown once, on a page of its own, with a warning)
 * and delete it (confirmed first). A commune admin reads only the clients open to its commune. The rules and the
 * audit are the admin API's ({@link ClientChanges}). A refused form is shown again with what is wrong, and nothing
 * changed.
 */
@Controller
@ConsolePage
class ClientsPage {

	private static final String BASE = "/console/clients";

	private static final Set<String> DONE = Set.of("updated", "removed");

	private static final List<String> GRANTS = List.of("authorization_code", "refresh_token", "client_credentials");

	private static final List<String> MFA = List.of("none", "required", "passkey");

	private final ClientChanges changes;

	private final CommuneDirectories directories;

	ClientsPage(ClientChanges changes, CommuneDirectories directories) {
		this.changes = changes;
		this.directories = directories;
	}

	@GetMapping(BASE)
	String list(@RequestParam(required = false) String done, AdminCaller caller, Model model) {
		model.addAttribute("clients", this.changes.visibleTo(caller));
		model.addAttribute("syndicate", caller.isSyndicateAdmin());
		model.addAttribute("done", (done != null && DONE.contains(done)) ? done : null);
		return "console-clients";
	}

	@GetMapping("/console/register-client")
	String registration(AdminCaller caller, HttpServletRequest request, Model model) {
		this.changes.mayChange(caller, null, request, "register-client");
		return form(model, null, ClientForm.initial(), caller, null);
	}

	@PostMapping(BASE)
	String register(ClientForm form, AdminCaller caller, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		this.changes.mayChange(caller, form.clientId(), request, "register-client");
		try {
			ClientRegistry.Registration registration = this.changes.register(caller, form.clientId().strip(),
					form.fields(), request, "console");
			return secret(registration, "registered", response, model);
		}
		catch (RegistrationRefused ex) {
			return refused(ex, response, model, null, form, caller);
		}
	}

	@GetMapping(BASE + "/{clientId}")
	String client(@PathVariable String clientId, @RequestParam(required = false) String done, AdminCaller caller,
			HttpServletRequest request, Model model) {
		Application client = this.changes.read(caller, clientId, request);
		model.addAttribute("done", (done != null && DONE.contains(done)) ? done : null);
		return form(model, client, ClientForm.of(client), caller, null);
	}

	@PostMapping(BASE + "/{clientId}")
	String update(@PathVariable String clientId, ClientForm form, AdminCaller caller, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		this.changes.mayChange(caller, clientId, request, "update-client");
		Application client = this.changes.read(caller, clientId, request);
		try {
			ClientRegistry.Registration updated = this.changes.update(caller, clientId, form.fields(), false, request,
					"console");
			if (updated.secret() != null) {
				return secret(updated, "issued", response, model);
			}
			return "redirect:" + UriComponentsBuilder.fromPath(BASE + "/{c}")
				.queryParam("done", "updated")
				.buildAndExpand(clientId)
				.encode()
				.toUriString();
		}
		catch (RegistrationRefused ex) {
			return refused(ex, response, model, client, form, caller);
		}
	}

	@PostMapping(BASE + "/{clientId}/secret")
	String rotateSecret(@PathVariable String clientId, AdminCaller caller, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		this.changes.mayChange(caller, clientId, request, "rotate-client-secret");
		Application client = this.changes.read(caller, clientId, request);
		try {
			return secret(this.changes.rotateSecret(caller, clientId, request, "console"), "rotated", response,
					model);
		}
		catch (RegistrationRefused ex) {
			return refused(ex, response, model, client, ClientForm.of(client), caller);
		}
	}

	@GetMapping(BASE + "/{clientId}/remove")
	String confirmRemoval(@PathVariable String clientId, AdminCaller caller, HttpServletRequest request,
			Model model) {
		this.changes.mayChange(caller, clientId, request, "delete-client");
		model.addAttribute("client", this.changes.read(caller, clientId, request));
		return "console-client-remove";
	}

	@PostMapping(BASE + "/{clientId}/remove")
	String remove(@PathVariable String clientId, AdminCaller caller, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		this.changes.mayChange(caller, clientId, request, "delete-client");
		Application client = this.changes.read(caller, clientId, request);
		try {
			this.changes.remove(caller, clientId, request, "console");
		}
		catch (RegistrationRefused ex) {
			return refused(ex, response, model, client, ClientForm.of(client), caller);
		}
		return "redirect:" + BASE + "?done=removed";
	}

	private String form(Model model, Application client, ClientForm form, AdminCaller caller, String problem) {
		model.addAttribute("client", client);
		model.addAttribute("form", form);
		model.addAttribute("problem", problem);
		// A commune admin sees, among the communes the client is open to, only its own.
		List<Map<String, String>> communes = this.directories.communes()
			.stream()
			.filter((commune) -> caller.isSyndicateAdmin() || commune.id().equals(caller.communeId()))
			.map((Commune commune) -> Map.of("id", commune.id(), "name", commune.displayName()))
			.toList();
		model.addAttribute("communes", communes);
		model.addAttribute("openCommunes", communes.stream().filter((c) -> form.opensTo(c.get("id"))).toList());
		model.addAttribute("grants", GRANTS);
		model.addAttribute("mfaLevels", MFA);
		model.addAttribute("editable", caller.isSyndicateAdmin() && (client == null || !client.isConfigured()));
		return "console-client";
	}

	private String refused(RegistrationRefused ex, HttpServletResponse response, Model model, Application client,
			ClientForm form, AdminCaller caller) {
		if (ex.reason() == RegistrationRefused.Reason.NOT_FOUND) {
			return ConsoleErrors.page(HttpStatus.NOT_FOUND, response, model);
		}
		response.setStatus((ex.reason() == RegistrationRefused.Reason.INVALID) ? HttpStatus.BAD_REQUEST.value()
				: HttpStatus.CONFLICT.value());
		// The registry's English sentence, shown as technical detail under the translated summary.
		model.addAttribute("problemDetail", ex.getMessage());
		return form(model, client, form, caller, (ex.field() != null) ? ex.field() : "conflict");
	}

	// A page of its own, never cached, that nothing links back to: the secret is not stored in clear anywhere.
	private static String secret(ClientRegistry.Registration registration, String why, HttpServletResponse response,
			Model model) {
		response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
		model.addAttribute("client", registration.application());
		model.addAttribute("secret", registration.secret());
		model.addAttribute("why", why);
		return "console-client-secret";
	}

	/**
	 * The form as posted (names in camel case, as Spring binds them), shown again when refused. Lists are typed one
	 * per line or separated by spaces; every field may be missing (a hostile or truncated post), the registry's rules
	 * then refuse what is required.
	 */
	record ClientForm(String clientId, String name, String redirectUris, String postLogoutRedirectUris,
			List<String> grantTypes, Boolean requirePkce, Boolean confidential, String scopes, String accessTokenTtl,
			String refreshTokenTtl, String mfa, String roles, List<String> communes, String backchannelLogoutUri) {

		ClientForm {
			clientId = (clientId != null) ? clientId : "";
			grantTypes = (grantTypes != null) ? List.copyOf(grantTypes) : List.of();
			// An unticked checkbox sends nothing.
			requirePkce = Boolean.TRUE.equals(requirePkce);
			confidential = Boolean.TRUE.equals(confidential);
			communes = (communes != null) ? List.copyOf(communes) : List.of();
		}

		static ClientForm initial() {
			return new ClientForm("", "", "", "", List.of("authorization_code", "refresh_token"), true, true,
					"openid profile email", "5m", "8h", "none", "", List.of(), "");
		}

		static ClientForm of(Application client) {
			ApplicationForm form = ApplicationForm.of(client);
			return new ClientForm(client.clientId(), form.name(), String.join("\n", form.redirectUris()),
					String.join("\n", form.postLogoutRedirectUris()), form.grantTypes(), form.requirePkce(),
					form.confidential(), String.join(" ", form.scopes()), form.accessTokenTtl(),
					form.refreshTokenTtl(), form.mfa(), String.join(" ", form.roles()), form.communes(),
					(form.backchannelLogoutUri() != null) ? form.backchannelLogoutUri() : "");
		}

		/** The registry's fields: every one given, so that an edit replaces the client's settings as shown. */
		Map<String, Object> fields() {
			Map<String, Object> fields = new LinkedHashMap<>();
			fields.put("name", text(this.name));
			fields.put("redirect_uris", words(this.redirectUris));
			fields.put("post_logout_redirect_uris", words(this.postLogoutRedirectUris));
			fields.put("grant_types", this.grantTypes);
			fields.put("require_pkce", this.requirePkce);
			fields.put("confidential", this.confidential);
			fields.put("scopes", words(this.scopes));
			fields.put("access_token_ttl", text(this.accessTokenTtl));
			fields.put("refresh_token_ttl", text(this.refreshTokenTtl));
			fields.put("mfa", text(this.mfa));
			fields.put("roles", words(this.roles));
			fields.put("communes", this.communes);
			fields.put("backchannel_logout_uri", text(this.backchannelLogoutUri));
			return fields;
		}

		public boolean grants(String grant) {
			return this.grantTypes.contains(grant);
		}

		public boolean opensTo(String communeId) {
			return this.communes.contains(communeId);
		}

		private static String text(String value) {
			return (value == null || value.isBlank()) ? null : value.strip();
		}

		private static List<String> words(String value) {
			if (value == null || value.isBlank()) {
				return new ArrayList<>();
			}
			return new ArrayList<>(Arrays.asList(value.strip().split("\\s+")));
		}

	}

}
