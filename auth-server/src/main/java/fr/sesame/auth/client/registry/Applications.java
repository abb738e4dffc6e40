package fr.sesame.auth.client.registry;

import java.util.List;
import java.util.Optional;

/**
 * Every client the server knows, configured or registered, as the parts that read a client's roles, communes, MFA
 * policy or back-channel logout URI see them: a client registered or changed at run time is what they read next.
 */
public interface Applications {

	Optional<Application> find(String clientId);

	/** Every client, sorted by client id. */
	List<Application> all();

}
