package fr.sesame.auth.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.security.core.Authentication;
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
import fr.sesame.auth.directory.AgentStanding;
import fr.sesame.auth.directory.IndexedStanding;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * What ID tokens and access tokens say about an agent: commune, names, email, groups, the roles granted for the
 * requesting client, and how the agent authenticated. Also picks each client's signing algorithm for access tokens.
 */
public final class AgentClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	private final SignedInAgents signedInAgents;

	private final CommuneDirectories directories;

	private final IndexedStanding standing;

	private final MeterRegistry meters;

	public AgentClaims(SignedInAgents signedInAgents, CommuneDirectories directories, IndexedStanding standing,
			MeterRegistry meters) {
		this.signedInAgents = signedInAgents;
		this.directories = directories;
		this.standing = standing;
		this.meters = meters;
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
		if (scopes.contains(OidcScopes.PROFILE)) {
			claims.claim("preferred_username", agent.login());
			claims.claim("name", agent.displayName());
			putIfPresent(claims, "given_name", agent.givenName());
			putIfPresent(claims, "family_name", agent.familyName());
		}
		if (scopes.contains(OidcScopes.EMAIL)) {
			putIfPresent(claims, "email", agent.email());
		}
		// Plain ArrayLists: the claims are stored with the authorization, whose JSON only admits allow-listed types.
		claims.claim("groups", new ArrayList<>(agent.groups()));
		claims.claim("roles", new ArrayList<>(standing.indexed() ? standing.roles().getOrDefault(clientId, List.of())
				: rolesFor(agent, clientId)));
		claims.claim("acr", acr.level());
		claims.claim("amr", new ArrayList<>(acr.methods()));
		acr.authenticatedAt().ifPresent((at) -> claims.claim("auth_time", at.getEpochSecond()));
	}

	private Set<String> rolesFor(Agent agent, String clientId) {
		return this.directories.communes()
			.stream()
			.filter((commune) -> commune.id().equals(agent.communeId()))
			.findFirst()
			.map((Commune commune) -> commune.rolesFor(agent, clientId))
			.orElse(Set.of());
	}

	private static void putIfPresent(JwtClaimsSet.Builder claims, String name, String value) {
		if (value != null && !value.isBlank()) {
			claims.claim(name, value);
		}
	}

}
