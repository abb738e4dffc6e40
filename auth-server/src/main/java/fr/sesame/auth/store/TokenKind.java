package fr.sesame.auth.store;

import java.util.List;

import org.springframework.lang.Nullable;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2DeviceCode;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * The values an authorization can be found by. Their names are the {@link OAuth2TokenType} values the
 * authorization server asks for.
 */
enum TokenKind {

	STATE(OAuth2ParameterNames.STATE, null),

	CODE(OAuth2ParameterNames.CODE, OAuth2AuthorizationCode.class),

	ACCESS_TOKEN(OAuth2TokenType.ACCESS_TOKEN.getValue(), OAuth2AccessToken.class),

	REFRESH_TOKEN(OAuth2TokenType.REFRESH_TOKEN.getValue(), OAuth2RefreshToken.class),

	ID_TOKEN(OidcParameterNames.ID_TOKEN, OidcIdToken.class),

	USER_CODE(OAuth2ParameterNames.USER_CODE, OAuth2UserCode.class),

	DEVICE_CODE(OAuth2ParameterNames.DEVICE_CODE, OAuth2DeviceCode.class);

	static final List<TokenKind> TOKENS = List.of(CODE, ACCESS_TOKEN, REFRESH_TOKEN, ID_TOKEN, USER_CODE,
			DEVICE_CODE);

	private static final List<TokenKind> ALL = List.of(values());

	private final String parameter;

	private final Class<? extends OAuth2Token> tokenClass;

	TokenKind(String parameter, Class<? extends OAuth2Token> tokenClass) {
		this.parameter = parameter;
		this.tokenClass = tokenClass;
	}

	String parameter() {
		return this.parameter;
	}

	/** The kinds to look in for a token of the given type; all of them when the caller does not know. */
	static List<TokenKind> lookedUpFor(@Nullable OAuth2TokenType tokenType) {
		if (tokenType == null) {
			return ALL;
		}
		for (TokenKind kind : ALL) {
			if (kind.parameter.equals(tokenType.getValue())) {
				return List.of(kind);
			}
		}
		return List.of();
	}

	static TokenKind ofParameter(String parameter) {
		for (TokenKind kind : ALL) {
			if (kind.parameter.equals(parameter)) {
				return kind;
			}
		}
		throw new IllegalArgumentException("Unknown token kind " + parameter);
	}

	@Nullable
	OAuth2Authorization.Token<? extends OAuth2Token> tokenIn(OAuth2Authorization authorization) {
		return (this.tokenClass != null) ? authorization.getToken(this.tokenClass) : null;
	}

	@Nullable
	String valueIn(OAuth2Authorization authorization) {
		if (this == STATE) {
			Object state = authorization.getAttribute(OAuth2ParameterNames.STATE);
			return (state instanceof String text && !text.isEmpty()) ? text : null;
		}
		OAuth2Authorization.Token<? extends OAuth2Token> token = tokenIn(authorization);
		return (token != null) ? token.getToken().getTokenValue() : null;
	}

	/** An index may be stale or shared by two kinds: only the authorization itself says what it holds. */
	boolean isHeldBy(OAuth2Authorization authorization, String value) {
		return value.equals(valueIn(authorization));
	}

}
