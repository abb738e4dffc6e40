package fr.sesame.auth.client.registry;

import fr.sesame.auth.store.AgentAuthorizations;

/**
 * Deletes a registered client and revokes what was issued to it: codes, access, refresh and ID tokens stop working
 * at once (introspection answers inactive, refresh is refused), rather than when they expire.
 */
public final class ApplicationRemoval {

	private final ClientRegistry registry;

	private final AgentAuthorizations authorizations;

	public ApplicationRemoval(ClientRegistry registry, AgentAuthorizations authorizations) {
		this.registry = registry;
		this.authorizations = authorizations;
	}

	/**
	 * @return the client removed and how many authorizations were revoked
	 * @throws RegistrationRefused no such client, or a configured one (conflict)
	 */
	public Removed remove(String clientId) {
		Application removed = this.registry.remove(clientId);
		int revoked = this.authorizations.removeByRegisteredClientId(removed.internalId());
		return new Removed(removed, revoked);
	}

	/**
	 * @param application the client as it was
	 * @param revokedAuthorizations how many authorizations were revoked with it
	 */
	public record Removed(Application application, int revokedAuthorizations) {
	}

}
