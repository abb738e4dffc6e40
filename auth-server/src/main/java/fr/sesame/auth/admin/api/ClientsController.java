package fr.sesame.auth.admin.api;

import java.net.URI;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.client.registry.ApplicationForm;
import fr.sesame.auth.client.registry.ClientRegistry;
import fr.sesame.auth.client.registry.RegistrationRefused;

/**
 * The applications (OIDC clients) as JSON: list and read them; register, edit (PUT replaces, PATCH merges), rotate the
 * secret of, and delete those registered at run time. Who may do what, and the audit, are {@link ClientChanges}'.
 * Configured clients are read-only (409). A secret appears in the answer that issued it, never again.
 */
@RestController
class ClientsController {

	private static final String BASE = "/api/admin/clients";

	private static final int MAX_JSON_BYTES = 16 * 1024;

	private static final Set<String> REGISTRATION_FIELDS = withClientId();

	private final AdminAccess access;

	private final ClientChanges changes;

	ClientsController(AdminAccess access, ClientChanges changes) {
		this.access = access;
		this.changes = changes;
	}

	@GetMapping(path = BASE, produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> list(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller caller = reader(token, request, "list-clients");
		List<Map<String, Object>> clients = this.changes.visibleTo(caller)
			.stream()
			.map((client) -> ClientsViews.of(client, caller))
			.toList();
		return Map.of("clients", clients);
	}

	@GetMapping(path = BASE + "/{clientId}", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> read(@PathVariable String clientId, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		AdminCaller caller = reader(token, request, "read-client");
		return ClientsViews.of(this.changes.read(caller, clientId, request), caller);
	}

	@PostMapping(path = BASE, produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> register(@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "register-client");
		this.changes.mayChange(caller, null, request, "register-client");
		Map<String, Object> fields = ClientsBody.fields(RequestBodies.jsonTree(request, MAX_JSON_BYTES),
				REGISTRATION_FIELDS);
		Object clientId = fields.remove("client_id");
		if (!(clientId instanceof String id)) {
			throw AdminApiException.badRequest("client_id is required");
		}
		ClientRegistry.Registration registration = refusalsAnswered(
				() -> this.changes.register(caller, id, fields, request, "api"));
		return ResponseEntity.created(URI.create(BASE + "/" + id))
			.cacheControl(CacheControl.noStore())
			.body(withSecret(registration, caller));
	}

	@PutMapping(path = BASE + "/{clientId}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> replace(@PathVariable String clientId, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		return update(clientId, token, request, false);
	}

	@PatchMapping(path = BASE + "/{clientId}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> patch(@PathVariable String clientId, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		return update(clientId, token, request, true);
	}

	@PostMapping(path = BASE + "/{clientId}/secret", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> rotateSecret(@PathVariable String clientId,
			@AuthenticationPrincipal Jwt token, HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "rotate-client-secret");
		ClientRegistry.Registration rotated = refusalsAnswered(
				() -> this.changes.rotateSecret(caller, clientId, request, "api"));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(withSecret(rotated, caller));
	}

	@DeleteMapping(path = BASE + "/{clientId}")
	ResponseEntity<Void> delete(@PathVariable String clientId, @AuthenticationPrincipal Jwt token,
			HttpServletRequest request) {
		AdminCaller caller = this.access.caller(token, request, "delete-client");
		refusalsAnswered(() -> this.changes.remove(caller, clientId, request, "api"));
		return ResponseEntity.noContent().build();
	}

	private ResponseEntity<Map<String, Object>> update(String clientId, Jwt token, HttpServletRequest request,
			boolean merge) {
		AdminCaller caller = this.access.caller(token, request, "update-client");
		this.changes.mayChange(caller, clientId, request, "update-client");
		Map<String, Object> fields = ClientsBody.fields(RequestBodies.jsonTree(request, MAX_JSON_BYTES),
				ApplicationForm.FIELDS);
		ClientRegistry.Registration updated = refusalsAnswered(
				() -> this.changes.update(caller, clientId, fields, merge, request, "api"));
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(withSecret(updated, caller));
	}

	/** Any admin reads; a token without an admin role is refused (audited). */
	private AdminCaller reader(Jwt token, HttpServletRequest request, String action) {
		return this.access.admin(this.access.caller(token, request, action), request, action);
	}

	private static Map<String, Object> withSecret(ClientRegistry.Registration registration, AdminCaller caller) {
		Map<String, Object> body = new LinkedHashMap<>(ClientsViews.of(registration.application(), caller));
		if (registration.secret() != null) {
			// Shown this once: only its keyed hash is stored.
			body.put("client_secret", registration.secret());
		}
		return body;
	}

	private static <T> T refusalsAnswered(Supplier<T> change) {
		try {
			return change.get();
		}
		catch (RegistrationRefused ex) {
			throw switch (ex.reason()) {
				case INVALID -> AdminApiException.badRequest(ex.getMessage());
				case CONFLICT -> AdminApiException.conflict(ex.getMessage());
				case NOT_FOUND -> ClientChanges.noSuchClient();
			};
		}
	}

	private static Set<String> withClientId() {
		Set<String> fields = new HashSet<>(ApplicationForm.FIELDS);
		fields.add("client_id");
		return Set.copyOf(fields);
	}

}
