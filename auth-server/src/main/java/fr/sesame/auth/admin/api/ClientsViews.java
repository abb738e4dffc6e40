package fr.sesame.auth.admin.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.client.registry.Application;

/**
 * A client as the admin API shows it and as audit entries describe it: never its secret nor the secret's hash. A
 * commune admin sees, among the communes the client is open to, only its own.
 */
final class ClientsViews {

	private ClientsViews() {
	}

	static Map<String, Object> of(Application application, AdminCaller caller) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("client_id", application.clientId());
		view.put("source", application.isConfigured() ? "configuration" : "registered");
		view.put("name", application.name());
		view.put("confidential", !application.isPublic());
		view.put("redirect_uris", application.redirectUris());
		view.put("post_logout_redirect_uris", application.postLogoutRedirectUris());
		view.put("grant_types", grantTypes(application));
		view.put("require_pkce", application.requirePkce());
		view.put("scopes", application.sortedScopes());
		view.put("access_token_ttl", application.accessTokenTtl().toString());
		view.put("refresh_token_ttl", application.refreshTokenTtl().toString());
		view.put("mfa", application.mfa().name().toLowerCase(Locale.ROOT));
		view.put("roles", application.roles());
		view.put("communes", caller.isSyndicateAdmin() ? application.communes()
				: application.communes().stream().filter((commune) -> commune.equals(caller.communeId())).toList());
		view.put("backchannel_logout_uri", application.backchannelLogoutUri());
		view.put("updated_at", (application.updatedAt() != null) ? application.updatedAt().toString() : null);
		return view;
	}

	/** Every setting as a flat string, for {@code before.*} and {@code after.*} audit fields. */
	static Map<String, String> audited(Application application) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("name", application.name());
		fields.put("confidential", Boolean.toString(!application.isPublic()));
		fields.put("redirect_uris", String.join(" ", application.redirectUris()));
		fields.put("post_logout_redirect_uris", String.join(" ", application.postLogoutRedirectUris()));
		fields.put("grant_types", String.join(" ", grantTypes(application)));
		fields.put("require_pkce", Boolean.toString(application.requirePkce()));
		fields.put("scopes", String.join(" ", application.sortedScopes()));
		fields.put("access_token_ttl", application.accessTokenTtl().toString());
		fields.put("refresh_token_ttl", application.refreshTokenTtl().toString());
		fields.put("mfa", application.mfa().name().toLowerCase(Locale.ROOT));
		fields.put("roles", String.join(" ", application.roles()));
		fields.put("communes", String.join(" ", application.communes()));
		fields.put("backchannel_logout_uri",
				(application.backchannelLogoutUri() != null) ? application.backchannelLogoutUri() : "none");
		return fields;
	}

	private static List<String> grantTypes(Application application) {
		return application.grantTypes()
			.stream()
			.map((grant) -> grant.name().toLowerCase(Locale.ROOT))
			.sorted()
			.toList();
	}

}
