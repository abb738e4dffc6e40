package fr.sesame.auth.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

import org.springframework.lang.Nullable;
import org.springframework.security.jackson.SecurityJacksonModule;
import org.springframework.security.jackson.SecurityJacksonModules;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Writes an {@link OAuth2Authorization} as JSON and reads it back, with Spring Security's Jackson 3 modules: the
 * attributes hold the signed-in {@code Authentication} and the authorization request, and their classes are
 * checked against an allow-list when read, never instantiated blindly (no Java serialization).
 * <p>
 * Our own classes that end up in the attributes (an authentication's principal or details) must be allowed by a
 * {@link SecurityJacksonModule} passed to the constructor.
 */
final class AuthorizationJson {

	private final RegisteredClientRepository clients;

	private final JsonMapper mapper;

	AuthorizationJson(RegisteredClientRepository clients, Collection<? extends SecurityJacksonModule> ownTypes) {
		this.clients = clients;
		this.mapper = mapper(ownTypes);
	}

	private static JsonMapper mapper(Collection<? extends SecurityJacksonModule> ownTypes) {
		BasicPolymorphicTypeValidator.Builder allowed = BasicPolymorphicTypeValidator.builder()
			// Claim customizers build lists and sets with List.of / Set.of.
			.allowIfSubType("java.util.ImmutableCollections$")
			// Plain JDK values that token claims hold (numbers such as auth_time, collections, instants).
			.allowIfSubType(Number.class)
			.allowIfSubType(Boolean.class)
			.allowIfSubType(java.util.ArrayList.class)
			.allowIfSubType(java.util.LinkedHashSet.class)
			.allowIfSubType(java.util.TreeSet.class)
			.allowIfSubType(java.util.Date.class)
			.allowIfSubType(java.time.Instant.class);
		ownTypes.forEach((module) -> module.configurePolymorphicTypeValidator(allowed));
		List<JacksonModule> modules = new ArrayList<>(
				SecurityJacksonModules.getModules(AuthorizationJson.class.getClassLoader(), allowed));
		modules.addAll(ownTypes);
		return JsonMapper.builder().addModules(modules).build();
	}

	String write(OAuth2Authorization authorization) {
		List<StoredToken> tokens = new ArrayList<>();
		for (TokenKind kind : TokenKind.TOKENS) {
			OAuth2Authorization.Token<? extends OAuth2Token> token = kind.tokenIn(authorization);
			if (token != null) {
				tokens.add(stored(kind, token));
			}
		}
		StoredAuthorization stored = new StoredAuthorization(authorization.getId(),
				authorization.getRegisteredClientId(), authorization.getPrincipalName(),
				authorization.getAuthorizationGrantType().getValue(),
				authorization.getAuthorizedScopes().toArray(String[]::new), authorization.getAttributes(),
				tokens.toArray(StoredToken[]::new));
		try {
			return this.mapper.writeValueAsString(stored);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("Authorization " + authorization.getId() + " cannot be written as JSON",
					ex);
		}
	}

	/**
	 * @return the authorization, or {@code null} when its client is no longer registered (its tokens are then
	 * worthless)
	 */
	@Nullable
	OAuth2Authorization read(String json) {
		StoredAuthorization stored;
		try {
			stored = this.mapper.readValue(json, StoredAuthorization.class);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("A stored authorization cannot be read; if its attributes hold "
					+ "classes of ours, allow them with a SecurityJacksonModule bean: " + ex.getOriginalMessage(), ex);
		}
		RegisteredClient client = this.clients.findById(stored.registeredClientId());
		if (client == null) {
			return null;
		}
		OAuth2Authorization.Builder builder = OAuth2Authorization.withRegisteredClient(client)
			.id(stored.id())
			.principalName(stored.principalName())
			.authorizationGrantType(new AuthorizationGrantType(stored.grantType()))
			.authorizedScopes(new LinkedHashSet<>(List.of(stored.authorizedScopes())))
			.attributes((attributes) -> attributes.putAll(stored.attributes()));
		for (StoredToken token : stored.tokens()) {
			builder.token(token(token), (metadata) -> metadata.putAll(token.metadata()));
		}
		return builder.build();
	}

	/**
	 * Whose a stored authorization is, read even when its client is no longer registered.
	 * @return {@code null} when the text is not a stored authorization
	 */
	@Nullable
	Owner owner(String json) {
		try {
			JsonNode node = this.mapper.readTree(json);
			JsonNode id = node.get("id");
			JsonNode client = node.get("registeredClientId");
			JsonNode principal = node.get("principalName");
			if (id == null || client == null || principal == null) {
				return null;
			}
			return new Owner(id.asString(), client.asString(), principal.asString());
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static StoredToken stored(TokenKind kind, OAuth2Authorization.Token<? extends OAuth2Token> held) {
		OAuth2Token token = held.getToken();
		String accessTokenType = null;
		String[] scopes = null;
		if (token instanceof OAuth2AccessToken accessToken) {
			accessTokenType = accessToken.getTokenType().getValue();
			scopes = accessToken.getScopes().toArray(String[]::new);
		}
		return new StoredToken(kind.parameter(), token.getTokenValue(), token.getIssuedAt(), token.getExpiresAt(),
				held.getMetadata(), accessTokenType, scopes);
	}

	@SuppressWarnings("unchecked")
	private static OAuth2Token token(StoredToken stored) {
		return switch (TokenKind.ofParameter(stored.kind())) {
			case CODE -> new OAuth2AuthorizationCode(stored.value(), stored.issuedAt(), stored.expiresAt());
			case ACCESS_TOKEN -> new OAuth2AccessToken(accessTokenType(stored.accessTokenType()), stored.value(),
					stored.issuedAt(), stored.expiresAt(),
					(stored.scopes() != null) ? Set.of(stored.scopes()) : Set.of());
			case REFRESH_TOKEN -> new OAuth2RefreshToken(stored.value(), stored.issuedAt(), stored.expiresAt());
			case ID_TOKEN -> new OidcIdToken(stored.value(), stored.issuedAt(), stored.expiresAt(),
					(Map<String, Object>) stored.metadata().get(OAuth2Authorization.Token.CLAIMS_METADATA_NAME));
			case USER_CODE -> new OAuth2UserCode(stored.value(), stored.issuedAt(), stored.expiresAt());
			case DEVICE_CODE -> new OAuth2DeviceCode(stored.value(), stored.issuedAt(), stored.expiresAt());
			case STATE -> throw new IllegalArgumentException("state is an attribute, not a token");
		};
	}

	private static OAuth2AccessToken.TokenType accessTokenType(String value) {
		return OAuth2AccessToken.TokenType.DPOP.getValue().equalsIgnoreCase(value) ? OAuth2AccessToken.TokenType.DPOP
				: OAuth2AccessToken.TokenType.BEARER;
	}

	/** The authorization's id, client and principal. */
	record Owner(String id, String registeredClientId, String principalName) {
	}

	/** What is stored: the authorization's own fields, tokens flattened with their metadata. */
	record StoredAuthorization(String id, String registeredClientId, String principalName, String grantType,
			String[] authorizedScopes, Map<String, Object> attributes, StoredToken[] tokens) {
	}

	record StoredToken(String kind, String value, Instant issuedAt, Instant expiresAt, Map<String, Object> metadata,
			String accessTokenType, String[] scopes) {
	}

}
