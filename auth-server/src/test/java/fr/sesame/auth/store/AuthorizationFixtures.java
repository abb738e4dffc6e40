package fr.sesame.auth.store;

import java.security.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Authorizations as the authorization server builds them after a code + PKCE sign-in: the signed-in
 * authentication and the authorization request in the attributes, a code, access, refresh and ID token with
 * claims.
 */
final class AuthorizationFixtures {

	static final Duration CODE_TTL = Duration.ofMinutes(5);

	static final Duration ACCESS_TTL = Duration.ofMinutes(5);

	static final Duration REFRESH_TTL = Duration.ofDays(30);

	static final RegisteredClient PORTAL = RegisteredClient.withId("portal-id")
		.clientId("portail-agents")
		.clientSecret("{noop}never-used")
		.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
		.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
		.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
		.redirectUri("https://portail.rivebelle.example/login/oauth2/code/sesame")
		.scope("openid")
		.scope("profile")
		.build();

	private static final SecureRandom RANDOM = new SecureRandom();

	private AuthorizationFixtures() {
	}

	static RegisteredClientRepository clients() {
		return new InMemoryRegisteredClientRepository(PORTAL);
	}

	static String randomValue(String kind) {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return kind + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/** An authorization request waiting for the agent's consent: only a state, no token yet. */
	static OAuth2Authorization pending(String principalName, String state) {
		return base(principalName, state).build();
	}

	/** A complete sign-in with fresh random token values. */
	static OAuth2Authorization signedIn(String principalName, Instant now) {
		return signedIn(principalName, now, randomValue("refresh"));
	}

	static OAuth2Authorization signedIn(String principalName, Instant now, String refreshToken) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("iss", "http://localhost:9000");
		claims.put("sub", principalName);
		claims.put("aud", new ArrayList<>(List.of(PORTAL.getClientId())));
		claims.put("commune", "rivebelle");
		claims.put("name", "Hélène D'Aubigné-Lefèvre");
		claims.put("groups", List.of("état-civil", "rh"));
		claims.put("amr", List.of("pwd"));
		claims.put("auth_time", now.minusSeconds(3));
		claims.put("iat", now);
		claims.put("exp", now.plus(ACCESS_TTL));
		claims.put("sid", "session-hash");
		return base(principalName, randomValue("state"))
			.token(new OAuth2AuthorizationCode(randomValue("code"), now, now.plus(CODE_TTL)),
					(metadata) -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.token(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, randomValue("access"), now,
					now.plus(ACCESS_TTL), Set.of("openid", "profile")),
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims))
			.token(new OAuth2RefreshToken(refreshToken, now, now.plus(REFRESH_TTL)))
			.token(new OidcIdToken(randomValue("id"), now, now.plus(ACCESS_TTL), claims),
					(metadata) -> metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims))
			.build();
	}

	private static OAuth2Authorization.Builder base(String principalName, String state) {
		UsernamePasswordAuthenticationToken signedIn = UsernamePasswordAuthenticationToken.authenticated(
				principalName, null,
				List.of(FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
					.issuedAt(Instant.parse("2026-11-29T08:00:00Z"))
					.build()));
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://localhost:9000/oauth2/authorize")
			.clientId(PORTAL.getClientId())
			.redirectUri(PORTAL.getRedirectUris().iterator().next())
			.scopes(Set.of("openid", "profile"))
			.state(state)
			.additionalParameters(Map.of("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
					"code_challenge_method", "S256", "nonce", "n-0S6_WzA2Mj"))
			.build();
		return OAuth2Authorization.withRegisteredClient(PORTAL)
			.id(UUID.randomUUID().toString())
			.principalName(principalName)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizedScopes(Set.of("openid", "profile"))
			.attribute(Principal.class.getName(), signedIn)
			.attribute(OAuth2AuthorizationRequest.class.getName(), request)
			.attribute(OAuth2ParameterNames.STATE, state);
	}

}
