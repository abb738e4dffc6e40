package fr.sesame.auth.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The relying parties declared in configuration. Keyed by client id (not a list) so that an additional
 * configuration file can add clients without replacing the ones already declared.
 *
 * @param clients client id → client
 */
@Validated
@ConfigurationProperties("sesame")
public record ClientProperties(Map<String, @Valid Client> clients) {

	/**
	 * What a role name may be: it travels in tokens, Redis keys and CSV files, so no spaces, quotes, separators or
	 * colons.
	 */
	public static final String ROLE_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

	static final String ROLE_NAME_MESSAGE = "roles are 1 to 64 characters among A-Z, a-z, 0-9, '.', '_' and '-', "
			+ "starting with a letter or digit";

	/** A commune id, as ldap-sync defines it. */
	static final String COMMUNE_ID = "[a-z0-9-]{2,40}";

	public ClientProperties {
		clients = (clients != null) ? Map.copyOf(clients) : Map.of();
	}

	/**
	 * One relying party.
	 *
	 * @param name shown to agents (consent, logout)
	 * @param secret the client secret for confidential clients; absent for public clients, which must use PKCE.
	 * Hashed at startup; give it through the environment, never in a versioned file
	 * @param redirectUris exact redirect URIs; compared character for character
	 * @param postLogoutRedirectUris where RP-initiated logout may send the browser back to
	 * @param grantTypes {@code authorization_code}, {@code refresh_token}, {@code client_credentials}
	 * @param scopes scopes the client may request
	 * @param requirePkce whether the client must send a PKCE challenge (always true for public clients)
	 * @param requireConsent whether agents confirm the scopes granted to this client
	 * @param signingAlgorithm {@code ES256} (default) or {@code RS256} for applications that only know RSA
	 * @param accessTokenTtl lifetime of access tokens
	 * @param refreshTokenTtl lifetime of refresh tokens (rotated at every use)
	 * @param backchannelLogoutUri where auth-server posts logout tokens when a session ends (optional)
	 * @param mfa the second factor this client's agents must present: {@code none} (the commune, role and admin
	 * policies still apply), {@code required} (any second factor), {@code passkey} (a passkey: phishing-resistant)
	 * @param roles the roles this application knows. Admins may assign only these; when a client declares none, its
	 * roles come from the communes' directory mappings alone and admins assign none. When declared, every commune's
	 * mapping for the client must stay within them (checked at start-up)
	 * @param communes communes whose admins may assign this client's roles even though their directory maps no group
	 * to it; a commune with a role mapping for the client is always open to it. Sign-ins are not restricted by it
	 */
	public record Client(@NotBlank(message = "sesame.clients.<id>.name must be set") String name, String secret,
			List<@NotNull URI> redirectUris, List<@NotNull URI> postLogoutRedirectUris,
			@NotEmpty(message = "sesame.clients.<id>.grant-types must list at least one grant") Set<GrantType> grantTypes,
			@DefaultValue({ "openid", "profile", "email" }) Set<@Pattern(regexp = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+",
					message = "scopes are printable ASCII without spaces, quotes or backslashes") String> scopes,
			@DefaultValue("true") boolean requirePkce, @DefaultValue("false") boolean requireConsent, @DefaultValue("ES256") SigningAlgorithm signingAlgorithm,
			@DefaultValue("5m") Duration accessTokenTtl, @DefaultValue("8h") Duration refreshTokenTtl,
			URI backchannelLogoutUri, @DefaultValue("none") ClientMfa mfa,
			List<@NotNull @Pattern(regexp = ROLE_NAME, message = ROLE_NAME_MESSAGE) String> roles,
			List<@NotNull @Pattern(regexp = COMMUNE_ID,
					message = "communes are commune ids: 2 to 40 characters among a-z, 0-9 and '-'") String> communes) {

		public Client {
			redirectUris = (redirectUris != null) ? List.copyOf(redirectUris) : List.of();
			postLogoutRedirectUris = (postLogoutRedirectUris != null) ? List.copyOf(postLogoutRedirectUris)
					: List.of();
			grantTypes = (grantTypes != null) ? Set.copyOf(grantTypes) : Set.of();
			// Nulls are left for the validator to name; List.copyOf would throw a message without the key.
			roles = (roles != null) ? Collections.unmodifiableList(new ArrayList<>(roles)) : List.of();
			communes = (communes != null) ? Collections.unmodifiableList(new ArrayList<>(communes)) : List.of();
		}

		/** Whether admins may assign this role of the client (see {@code roles}). */
		public boolean declaresRole(String role) {
			return this.roles.contains(role);
		}

		@AssertTrue(message = "roles and communes must not list the same value twice")
		boolean isEveryRoleAndCommuneListedOnce() {
			return new HashSet<>(this.roles).size() == this.roles.size()
					&& new HashSet<>(this.communes).size() == this.communes.size();
		}

		public boolean isPublic() {
			return this.secret == null || this.secret.isEmpty();
		}

		@AssertTrue(message = "a client with grant authorization_code needs at least one redirect-uris entry")
		boolean isRedirectUriGivenForCodeGrant() {
			return !this.grantTypes.contains(GrantType.AUTHORIZATION_CODE) || !this.redirectUris.isEmpty();
		}

		@AssertTrue(message = "redirect-uris and post-logout-redirect-uris must be absolute https URIs without "
				+ "fragment (http is accepted only for localhost and 127.0.0.1)")
		boolean isEveryRedirectUriSafe() {
			return this.redirectUris.stream().allMatch(Client::isSafeRedirect)
					&& this.postLogoutRedirectUris.stream().allMatch(Client::isSafeRedirect)
					&& (this.backchannelLogoutUri == null || isSafeRedirect(this.backchannelLogoutUri));
		}

		@AssertTrue(message = "a public client (no secret) cannot use the client_credentials grant")
		boolean isClientCredentialsConfidential() {
			return !isPublic() || !this.grantTypes.contains(GrantType.CLIENT_CREDENTIALS);
		}

		@AssertTrue(message = "a public client (no secret) must use PKCE: remove require-pkce: false")
		boolean isPkceRequiredForPublicClient() {
			return !isPublic() || this.requirePkce;
		}

		@AssertTrue(message = "secret must be at least 32 characters: generate it, e.g. `openssl rand -base64 32`")
		boolean isSecretStrong() {
			return isPublic() || this.secret.length() >= 32;
		}

		@AssertTrue(message = "access-token-ttl must be between 1 minute and 1 hour, refresh-token-ttl between "
				+ "access-token-ttl and 30 days")
		boolean isLifetimeSensible() {
			return this.accessTokenTtl.compareTo(Duration.ofMinutes(1)) >= 0
					&& this.accessTokenTtl.compareTo(Duration.ofHours(1)) <= 0
					&& this.refreshTokenTtl.compareTo(this.accessTokenTtl) >= 0
					&& this.refreshTokenTtl.compareTo(Duration.ofDays(30)) <= 0;
		}

		@Override
		public String toString() {
			return "Client[name=" + this.name + ", public=" + isPublic() + ", redirectUris=" + this.redirectUris
					+ ", grantTypes=" + this.grantTypes + "]";
		}

		private static boolean isSafeRedirect(URI uri) {
			if (!uri.isAbsolute() || uri.getFragment() != null || uri.getHost() == null) {
				return false;
			}
			String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
			if (scheme.equals("https")) {
				return true;
			}
			return scheme.equals("http") && (uri.getHost().equals("localhost") || uri.getHost().equals("127.0.0.1")
					|| uri.getHost().equals("[::1]"));
		}

	}

	public enum GrantType {

		AUTHORIZATION_CODE, REFRESH_TOKEN, CLIENT_CREDENTIALS

	}

	/** The second factor a client requires of every agent who signs in to it. */
	public enum ClientMfa {

		NONE, REQUIRED, PASSKEY

	}

	public enum SigningAlgorithm {

		ES256, RS256

	}

}
