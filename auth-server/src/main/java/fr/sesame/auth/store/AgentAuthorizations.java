package fr.sesame.auth.store;

import java.util.List;

import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;

/**
 * The authorization server's authorizations (codes, access, refresh and ID tokens), also reachable by principal
 * name so that a leaver's authorizations can all be revoked at once. Authorizations disappear by themselves when
 * their longest-lived token expires.
 */
public interface AgentAuthorizations extends OAuth2AuthorizationService {

	/**
	 * @param principalName the authorization's principal name: the agent's {@code sub} for a sign-in, the client
	 * id for {@code client_credentials}
	 * @return the authorizations of that principal that have not expired, in no particular order
	 */
	List<OAuth2Authorization> findByPrincipalName(String principalName);

	/**
	 * Removes every authorization of the principal with their tokens: they are no longer found by any token value,
	 * so introspection answers inactive and refresh is refused.
	 * @return how many authorizations were removed
	 */
	int removeByPrincipalName(String principalName);

	/**
	 * Removes every authorization issued to a client, with their tokens: what deleting the client entails.
	 * @param registeredClientId the client's registered-client id (not its {@code client_id})
	 * @return how many authorizations were removed
	 */
	int removeByRegisteredClientId(String registeredClientId);

}
