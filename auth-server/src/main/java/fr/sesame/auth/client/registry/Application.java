package fr.sesame.auth.client.registry;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import fr.sesame.auth.client.ClientProperties.Client;
import fr.sesame.auth.client.ClientProperties.ClientMfa;
import fr.sesame.auth.client.ClientProperties.GrantType;
import fr.sesame.auth.client.ClientProperties.SigningAlgorithm;
import fr.sesame.auth.client.ClientSecretEncoder;

/**
 * One relying party as every part of the server sees it, whether declared in configuration or registered by a
 * syndicate admin at run time: what Spring's registered client is built from, and what roles, communes, MFA policy
 * and back-channel logout are read from.
 *
 * @param clientId the OAuth2 {@code client_id}
 * @param internalId the id that authorizations refer to: the client id for a configured client, a random value for a
 * registered one, so that a client deleted then registered again under the same id does not inherit the
 * authorizations of the first
 * @param source where it comes from: configured clients cannot be changed through the API
 * @param name shown to agents
 * @param redirectUris exact redirect URIs
 * @param postLogoutRedirectUris where RP-initiated logout may send the browser back to
 * @param grantTypes the grants it may use
 * @param requirePkce whether it must send a PKCE challenge
 * @param requireConsent whether agents confirm the scopes granted
 * @param signingAlgorithm how its tokens are signed
 * @param scopes scopes it may request
 * @param accessTokenTtl lifetime of access tokens
 * @param refreshTokenTtl lifetime of refresh tokens
 * @param mfa the second factor its agents must present
 * @param roles the roles it declares (admins may assign only these)
 * @param communes communes open to it besides those whose directory maps a group to one of its roles
 * @param backchannelLogoutUri where logout tokens are posted, or {@code null}
 * @param secretHash the keyed hash of its secret ({@link ClientSecretEncoder}), {@code null} for a public client
 * @param updatedAt when it was registered or last changed; {@code null} for a configured client
 */
public record Application(String clientId, String internalId, Source source, String name, List<String> redirectUris,
		List<String> postLogoutRedirectUris, Set<GrantType> grantTypes, boolean requirePkce, boolean requireConsent,
		SigningAlgorithm signingAlgorithm, Set<String> scopes, Duration accessTokenTtl, Duration refreshTokenTtl,
		ClientMfa mfa, List<String> roles, List<String> communes, String backchannelLogoutUri, String secretHash,
		Instant updatedAt) {

	public Application {
		redirectUris = List.copyOf(redirectUris);
		postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
		grantTypes = Set.copyOf(grantTypes);
		scopes = Set.copyOf(scopes);
		roles = List.copyOf(roles);
		communes = List.copyOf(communes);
	}

	/** A client of {@code sesame.clients}, its secret hashed with {@code encoder}. */
	static Application configured(String clientId, Client client, ClientSecretEncoder encoder) {
		return new Application(clientId, clientId, Source.CONFIGURATION, client.name(),
				client.redirectUris().stream().map(URI::toString).toList(),
				client.postLogoutRedirectUris().stream().map(URI::toString).toList(), client.grantTypes(),
				client.requirePkce(), client.requireConsent(), client.signingAlgorithm(), client.scopes(),
				client.accessTokenTtl(), client.refreshTokenTtl(), client.mfa(), client.roles(), client.communes(),
				(client.backchannelLogoutUri() != null) ? client.backchannelLogoutUri().toString() : null,
				client.isPublic() ? null : encoder.encode(client.secret()), null);
	}

	public boolean isPublic() {
		return this.secretHash == null;
	}

	public boolean isConfigured() {
		return this.source == Source.CONFIGURATION;
	}

	/** Whether admins may assign this role of the client. */
	public boolean declaresRole(String role) {
		return this.roles.contains(role);
	}

	/** The scopes, sorted: how views and audit entries list them. */
	public List<String> sortedScopes() {
		return new ArrayList<>(new TreeSet<>(this.scopes));
	}

	public Application withSecretHash(String newSecretHash, Instant now) {
		return new Application(this.clientId, this.internalId, this.source, this.name, this.redirectUris,
				this.postLogoutRedirectUris, this.grantTypes, this.requirePkce, this.requireConsent,
				this.signingAlgorithm, this.scopes, this.accessTokenTtl, this.refreshTokenTtl, this.mfa, this.roles,
				this.communes, this.backchannelLogoutUri, newSecretHash, now);
	}

	@Override
	public String toString() {
		// Never the secret's hash.
		return "Application[clientId=" + this.clientId + ", source=" + this.source + ", public=" + isPublic()
				+ ", redirectUris=" + this.redirectUris + ", grantTypes=" + this.grantTypes + "]";
	}

	/** Where a client comes from. */
	public enum Source {

		/** {@code sesame.clients}: read-only at run time. */
		CONFIGURATION,

		/** Registered by a syndicate admin through the admin API or console. */
		REGISTERED

	}

}
