package fr.sesame.auth.client.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an admin gives to register or edit a client, as typed (strings, lists of strings, booleans), before
 * {@link RegistrationRules} checks it. A {@code null} field takes its default at registration.
 *
 * @param name shown to agents
 * @param redirectUris exact redirect URIs
 * @param postLogoutRedirectUris where RP-initiated logout may return
 * @param grantTypes {@code authorization_code}, {@code refresh_token}, {@code client_credentials}
 * @param requirePkce default true
 * @param confidential whether it authenticates with a secret (default true); a public client uses PKCE only
 * @param scopes default {@code openid profile email}
 * @param accessTokenTtl e.g. {@code 5m} or {@code PT5M}; default 5 minutes
 * @param refreshTokenTtl e.g. {@code 8h}; default 8 hours
 * @param mfa {@code none}, {@code required} or {@code passkey}; default none
 * @param roles the roles the client declares
 * @param communes communes open to it
 * @param backchannelLogoutUri where logout tokens go, or {@code null}
 */
public record ApplicationForm(String name, List<String> redirectUris, List<String> postLogoutRedirectUris,
		List<String> grantTypes, Boolean requirePkce, Boolean confidential, List<String> scopes, String accessTokenTtl,
		String refreshTokenTtl, String mfa, List<String> roles, List<String> communes, String backchannelLogoutUri) {

	/** The JSON and form field names. */
	public static final Set<String> FIELDS = Set.of("name", "redirect_uris", "post_logout_redirect_uris",
			"grant_types", "require_pkce", "confidential", "scopes", "access_token_ttl", "refresh_token_ttl", "mfa",
			"roles", "communes", "backchannel_logout_uri");

	/** The fields that are lists of strings; {@code require_pkce} and {@code confidential} are booleans. */
	public static final Set<String> LIST_FIELDS = Set.of("redirect_uris", "post_logout_redirect_uris", "grant_types",
			"scopes", "roles", "communes");

	public static final Set<String> BOOLEAN_FIELDS = Set.of("require_pkce", "confidential");

	/** What the client is now, as a form to edit. */
	public static ApplicationForm of(Application application) {
		return new ApplicationForm(application.name(), application.redirectUris(),
				application.postLogoutRedirectUris(),
				application.grantTypes().stream().map((grant) -> grant.name().toLowerCase(Locale.ROOT)).sorted()
					.toList(),
				application.requirePkce(), !application.isPublic(), application.sortedScopes(),
				application.accessTokenTtl().toString(), application.refreshTokenTtl().toString(),
				application.mfa().name().toLowerCase(Locale.ROOT), application.roles(), application.communes(),
				application.backchannelLogoutUri());
	}

	/**
	 * This form with the given fields replaced (a JSON merge patch: a field present with {@code null} is reset).
	 * @param changes field name ({@link #FIELDS}) → a {@code String}, a {@code List<String>}, a {@code Boolean} or
	 * {@code null}
	 */
	public ApplicationForm with(Map<String, Object> changes) {
		return new ApplicationForm(pick(changes, "name", this.name), pick(changes, "redirect_uris", this.redirectUris),
				pick(changes, "post_logout_redirect_uris", this.postLogoutRedirectUris),
				pick(changes, "grant_types", this.grantTypes), pick(changes, "require_pkce", this.requirePkce),
				pick(changes, "confidential", this.confidential), pick(changes, "scopes", this.scopes),
				pick(changes, "access_token_ttl", this.accessTokenTtl),
				pick(changes, "refresh_token_ttl", this.refreshTokenTtl), pick(changes, "mfa", this.mfa),
				pick(changes, "roles", this.roles), pick(changes, "communes", this.communes),
				pick(changes, "backchannel_logout_uri", this.backchannelLogoutUri));
	}

	/** An empty form: every field takes its default, and what has none must be given. */
	public static ApplicationForm empty() {
		return new ApplicationForm(null, null, null, null, null, null, null, null, null, null, null, null, null);
	}

	@SuppressWarnings("unchecked")
	private static <T> T pick(Map<String, Object> changes, String field, T current) {
		if (!changes.containsKey(field)) {
			return current;
		}
		Object value = changes.get(field);
		if (value instanceof List<?> list) {
			return (T) new ArrayList<>(list);
		}
		return (T) value;
	}

}
