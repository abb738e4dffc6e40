package fr.sesame.auth.oidc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationContext;

/**
 * The userinfo response: the identity claims of the ID token issued in the same authorization (so userinfo and the
 * ID token never disagree), without the claims that only make sense inside a token.
 */
final class AgentUserInfo implements Function<OidcUserInfoAuthenticationContext, OidcUserInfo> {

	private static final List<String> IDENTITY_CLAIMS = List.of("sub", "commune", "commune_name",
			"preferred_username", "name", "given_name", "family_name", "email", "email_verified", "groups", "roles");

	@Override
	public OidcUserInfo apply(OidcUserInfoAuthenticationContext context) {
		OAuth2Authorization authorization = context.getAuthorization();
		OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", authorization.getPrincipalName());
		if (idToken != null) {
			for (String name : IDENTITY_CLAIMS) {
				Object value = idToken.getToken().getClaims().get(name);
				if (value != null) {
					claims.put(name, value);
				}
			}
		}
		return new OidcUserInfo(claims);
	}

}
