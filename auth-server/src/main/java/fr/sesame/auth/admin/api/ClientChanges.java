package fr.sesame.auth.admin.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.client.registry.Application;
import fr.sesame.auth.client.registry.ApplicationForm;
import fr.sesame.auth.client.registry.ApplicationRemoval;
import fr.sesame.auth.client.registry.ClientRegistry;
import fr.sesame.auth.client.registry.RegistrationRefused;
import fr.sesame.auth.role.DeclaredRoles;

/**
 * What admins may see and do with applications (OIDC clients), the same for the admin API and the console: any admin
 * reads the clients open to the communes it administers (a syndicate admin, all of them), only a syndicate admin
 * registers, edits, rotates a secret or deletes. Every change is audited with what it was and what it became, never
 * a secret nor its hash; every refusal too.
 */
public final class ClientChanges {

	private final AdminAccess access;

	private final ClientRegistry registry;

	private final ApplicationRemoval removal;

	private final DeclaredRoles declared;

	ClientChanges(AdminAccess access, ClientRegistry registry, ApplicationRemoval removal, DeclaredRoles declared) {
		this.access = access;
		this.registry = registry;
		this.removal = removal;
		this.declared = declared;
	}

	/** The clients the admin may read, by client id. */
	public List<Application> visibleTo(AdminCaller caller) {
		return this.registry.all().stream().filter((client) -> isVisibleTo(caller, client)).toList();
	}

	/**
	 * @throws AdminApiException 404 when it does not exist or is not open to the caller's commune, the two alike (a
	 * commune admin's refusal is audited whether the client exists or not, so that not even its own audit trail
	 * tells them apart)
	 */
	public Application read(AdminCaller caller, String clientId, HttpServletRequest request) {
		Application client = AdminInput.isClientId(clientId) ? this.registry.find(clientId).orElse(null) : null;
		if (client == null || !isVisibleTo(caller, client)) {
			if (!caller.isSyndicateAdmin()) {
				this.access.denied(caller, request, "read-client", caller.communeId(),
						AdminInput.isClientId(clientId) ? clientId : null, "not-open-to-commune");
			}
			throw noSuchClient();
		}
		return client;
	}

	/**
	 * Only a syndicate admin changes clients; refused before the client is looked up, so that the answer says
	 * nothing of which clients exist.
	 * @throws AdminApiException 403 otherwise (audited)
	 */
	public void mayChange(AdminCaller caller, String clientId, HttpServletRequest request, String action) {
		if (!caller.isSyndicateAdmin()) {
			this.access.denied(caller, request, action, caller.communeId(),
					AdminInput.isClientId(clientId) ? clientId : null, "not-syndicate-admin");
			throw AdminApiException.forbidden("Only a syndicate admin registers and changes clients");
		}
	}

	/**
	 * @param fields the form's fields ({@link ApplicationForm#with}); absent ones take their defaults
	 * @param via {@code api} or {@code console}, for the audit entry
	 * @throws RegistrationRefused an invalid value (nothing stored), or an id already taken
	 */
	public ClientRegistry.Registration register(AdminCaller caller, String clientId, Map<String, Object> fields,
			HttpServletRequest request, String via) {
		mayChange(caller, clientId, request, "register-client");
		ClientRegistry.Registration registration = this.registry.register(clientId,
				ApplicationForm.empty().with(fields));
		Map<String, String> data = describe("register-client", registration.application(), via);
		ClientsViews.audited(registration.application()).forEach((field, value) -> {
			data.put("before." + field, "none");
			data.put("after." + field, value);
		});
		this.access.changed(caller, request, AuditEventType.ADMIN_CHANGED, data);
		return registration;
	}

	/**
	 * @param fields the fields to change
	 * @param merge whether fields left out keep their value (a JSON merge patch) or take their defaults (a
	 * replacement)
	 * @throws AdminApiException 404 when it does not exist
	 * @throws RegistrationRefused an invalid value, a configured client, or a change made meanwhile
	 */
	public ClientRegistry.Registration update(AdminCaller caller, String clientId, Map<String, Object> fields,
			boolean merge, HttpServletRequest request, String via) {
		mayChange(caller, clientId, request, "update-client");
		Application before = existing(clientId);
		ApplicationForm form = (merge ? ApplicationForm.of(before) : ApplicationForm.empty()).with(fields);
		ClientRegistry.Registration updated = this.registry.update(clientId, form);
		Map<String, String> data = describe("update-client", updated.application(), via);
		Map<String, String> was = ClientsViews.audited(before);
		ClientsViews.audited(updated.application()).forEach((field, value) -> {
			if (!value.equals(was.get(field))) {
				data.put("before." + field, was.get(field));
				data.put("after." + field, value);
			}
		});
		if (updated.secret() != null) {
			data.put("after.secret", "issued");
		}
		this.access.changed(caller, request, AuditEventType.ADMIN_CHANGED, data);
		return updated;
	}

	/** A new secret, returned once; the old one is refused from now on. */
	public ClientRegistry.Registration rotateSecret(AdminCaller caller, String clientId, HttpServletRequest request,
			String via) {
		mayChange(caller, clientId, request, "rotate-client-secret");
		existing(clientId);
		ClientRegistry.Registration rotated = this.registry.rotateSecret(clientId);
		Map<String, String> data = describe("rotate-client-secret", rotated.application(), via);
		data.put("before.secret", "previous");
		data.put("after.secret", "rotated");
		this.access.changed(caller, request, AuditEventType.ADMIN_CHANGED, data);
		return rotated;
	}

	/** Deletes a registered client and revokes what was issued to it. */
	public ApplicationRemoval.Removed remove(AdminCaller caller, String clientId, HttpServletRequest request,
			String via) {
		mayChange(caller, clientId, request, "delete-client");
		existing(clientId);
		ApplicationRemoval.Removed removed = this.removal.remove(clientId);
		Map<String, String> data = describe("delete-client", removed.application(), via);
		ClientsViews.audited(removed.application()).forEach((field, value) -> {
			data.put("before." + field, value);
			data.put("after." + field, "none");
		});
		data.put("revoked_authorizations", Integer.toString(removed.revokedAuthorizations()));
		this.access.changed(caller, request, AuditEventType.ADMIN_CHANGED, data);
		return removed;
	}

	private Application existing(String clientId) {
		if (!AdminInput.isClientId(clientId)) {
			throw noSuchClient();
		}
		return this.registry.find(clientId).orElseThrow(ClientChanges::noSuchClient);
	}

	private boolean isVisibleTo(AdminCaller caller, Application client) {
		return caller.isSyndicateAdmin()
				|| (caller.communeId() != null && this.declared.isOpenTo(client.clientId(), caller.communeId()));
	}

	private static Map<String, String> describe(String action, Application client, String via) {
		Map<String, String> data = new LinkedHashMap<>();
		data.put("action", action);
		data.put("target", client.clientId());
		data.put("client", client.clientId());
		data.put("via", via);
		return data;
	}

	static AdminApiException noSuchClient() {
		return AdminApiException.notFound("No such client");
	}

}
