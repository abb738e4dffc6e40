package fr.sesame.auth.client;

import java.net.URI;
import java.time.Duration;
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
	 */
	public record Client(@NotBlank(message = "sesame.clients.<id>.name must be set") String name, String secret,
			List<@NotNull URI> redirectUris, List<@NotNull URI> postLogoutRedirectUris,
			@NotEmpty(message = "sesame.clients.<id>.grant-types must list at least one grant") Set<GrantType> grantTypes,
			@DefaultValue({ "openid", "profile", "email" }) Set<@Pattern(regexp = "[\\x21\\x23-\\x5B\\x5D-\\x7E]+",
					message = "scopes are printable ASCII without spaces, quotes or backslashes") String> scopes,
			@DefaultValue("true") boolean requirePkce, @DefaultValue("false") boolean requireConsent, @DefaultValue("ES256") SigningAlgorithm signingAlgorithm,
			@DefaultValue("5m") Duration accessTokenTtl, @DefaultValue("8h") Duration refreshTokenTtl,
			URI backchannelLogoutUri) {

		public Client {
			redirectUris = (redirectUris != null) ? List.copyOf(redirectUris) : List.of();
			postLogoutRedirectUris = (postLogoutRedirectUris != null) ? List.copyOf(postLogoutRedirectUris)
					: List.of();
			grantTypes = (grantTypes != null) ? Set.copyOf(grantTypes) : Set.of();
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

	public enum SigningAlgorithm {

		ES256, RS256

	}

}
