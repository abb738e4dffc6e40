package fr.sesame.auth.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.directory.AgentStanding;
import fr.sesame.auth.directory.ClientRoles;
import fr.sesame.auth.directory.IndexedStanding;
import fr.sesame.auth.mfa.policy.Requirement;
import fr.sesame.auth.mfa.policy.SecondFactorPolicy;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * What ID tokens and access tokens say about an agent: commune, names, email, groups, the roles granted for the
 * requesting client, and how the agent authenticated. Also picks each client's signing algorithm for access tokens.
 */
public final class AgentClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final SignedInAgents signedInAgents;

	private final ClientRoles clientRoles;

	private final IndexedStanding standing;

	private final SecondFactorPolicy secondFactors;

	private final MeterRegistry meters;

	private final AuditTrail audit;

	private final ClientGrantSummaries clientGrants;

	/** Commune id → the name agents know it by, for {@code commune_name}. */
	private final Map<String, String> communeNames;

	public AgentClaims(SignedInAgents signedInAgents, ClientRoles clientRoles, IndexedStanding standing,
			SecondFactorPolicy secondFactors, MeterRegistry meters, AuditTrail audit,
			ClientGrantSummaries clientGrants, CommuneDirectories communes) {
		this.communeNames = communes.communes()
			.stream()
			.collect(Collectors.toUnmodifiableMap(Commune::id, Commune::displayName));
		this.secondFactors = secondFactors;
		this.signedInAgents = signedInAgents;
		this.clientRoles = clientRoles;
		this.standing = standing;
		this.meters = meters;
		this.audit = audit;
		this.clientGrants = clientGrants;
	}

	@Override
	public void customize(JwtEncodingContext context) {
		boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
			// Spring signs access tokens with RS256 unless told otherwise; follow the client's algorithm.
			context.getJwsHeader().algorithm(context.getRegisteredClient().getTokenSettings().getIdTokenSignatureAlgorithm());
		}
		this.meters.counter("sesame.tokens.issued", "grant", context.getAuthorizationGrantType().getValue(), "type",
				idToken ? "id_token" : "access_token").increment();
		Authentication principal = context.getPrincipal();
		AuthenticationContextClass acr = AuthenticationContextClass.of(principal.getAuthorities());
		if (!acr.isAgent()) {
			if (AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
				this.clientGrants.issued(context.getRegisteredClient().getClientId());
				return;
			}
			this.audit.record(principal.getName(), AuditEventType.TOKEN_ISSUED, Map.of("client",
					context.getRegisteredClient().getClientId(), "grant",
					context.getAuthorizationGrantType().getValue(), "token", idToken ? "id_token" : "access_token"));
			return;
		}
		Agent signedIn = this.signedInAgents.find(principal.getName())
			.orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The agent's sign-in is no longer known; sign in again", null)));
		// The directory index has the last word when it is fresher than the sign-in: a disabled or deleted agent
		// gets no token (refresh included), and group changes reach the next token, without a directory round trip.
		AgentStanding standing = this.standing.of(signedIn, acr.authenticatedAt().orElse(null));
		if (!standing.active()) {
			this.meters.counter("sesame.tokens.refused", "commune", signedIn.communeId(), "reason", standing.reason())
				.increment();
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"The agent's account is no longer active", null));
		}
		Agent agent = standing.agent();
		String clientId = context.getRegisteredClient().getClientId();
		Set<String> scopes = context.getAuthorizedScopes();
		JwtClaimsSet.Builder claims = context.getClaims();
		claims.claim("commune", agent.communeId());
		putIfPresent(claims, "commune_name", this.communeNames.get(agent.communeId()));
		if (scopes.contains(OidcScopes.PROFILE)) {
			claims.claim("preferred_username", agent.login());
			claims.claim("name", agent.displayName());
			putIfPresent(claims, "given_name", agent.givenName());
			putIfPresent(claims, "family_name", agent.familyName());
		}
		if (scopes.contains(OidcScopes.EMAIL)) {
			putIfPresent(claims, "email", agent.email());
			if (agent.email() != null && !agent.email().isBlank()) {
				// The address comes from the commune's directory, kept by its IT, not typed in by the agent: verified
				// in OpenID Connect's sense. Relying parties such as oauth2-proxy refuse an address without it.
				claims.claim("email_verified", true);
			}
		}
		// Plain ArrayLists: the claims are stored with the authorization, whose JSON only admits allow-listed types.
		claims.claim("groups", new ArrayList<>(agent.groups()));
		ClientRoles.Granted granted = this.clientRoles.granted(standing, clientId);
		List<String> roles = granted.roles();
		// The authorization endpoint's gate already asked for the factor; this is the last word, should a code or a
		// refresh token ever reach here from a weaker session (a client's policy tightened since, a gate bypassed).
		Requirement requirement = this.secondFactors.requirementFor(context.getRegisteredClient(), agent.communeId(),
				roles, null);
		if (requirement.enforced() && !requirement.isMetBy(acr)) {
			this.meters.counter("sesame.tokens.refused", "commune", agent.communeId(), "reason", "second-factor")
				.increment();
			throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
					"This client requires a second factor that the sign-in did not use", null));
		}
		claims.claim("roles", roles);
		// Only when another commune adds roles: "roles" stays the home commune's, as applications already read it.
		if (granted.communeRoles() != null) {
			claims.claim("commune_roles", granted.communeRoles());
		}
		claims.claim("acr", acr.level());
		claims.claim("amr", new ArrayList<>(acr.methods()));
		acr.authenticatedAt().ifPresent((at) -> claims.claim("auth_time", at.getEpochSecond()));
		// One entry per grant, written with its access token (issued first): it names the ID token that follows
		// when the scope asks for one, instead of a second entry a few microseconds later.
		if (!idToken) {
			this.audit.record(principal.getName(), AuditEventType.TOKEN_ISSUED, Map.of("client", clientId, "grant",
					context.getAuthorizationGrantType().getValue(), "token",
					scopes.contains(OidcScopes.OPENID) ? "access_token id_token" : "access_token", "commune",
					agent.communeId(), "acr", acr.level()));
		}
	}

	private static void putIfPresent(JwtClaimsSet.Builder claims, String name, String value) {
		if (value != null && !value.isBlank()) {
			claims.claim(name, value);
		}
	}

}
