package fr.sesame.auth.client.registry;

import java.time.Clock;
import java.time.Instant;

import fr.sesame.auth.store.AgentAuthorizations;
import fr.sesame.auth.token.client.RevokedClientTokens;

/**
 * Deletes a registered client and revokes what was issued to it: codes, access, refresh and ID tokens stop working
 * at once (introspection answers inactive, refresh is refused), rather than when they expire.
 */
public final class ApplicationRemoval {

	private final ClientRegistry registry;

	private final AgentAuthorizations authorizations;

	private final RevokedClientTokens revokedClientTokens;

	private final Clock clock;

	public ApplicationRemoval(ClientRegistry registry, AgentAuthorizations authorizations,
			RevokedClientTokens revokedClientTokens, Clock clock) {
		this.registry = registry;
		this.authorizations = authorizations;
		this.revokedClientTokens = revokedClientTokens;
		this.clock = clock;
	}

	/**
	 * @return the client removed and how many authorizations were revoked
	 * @throws RegistrationRefused no such client, or a configured one (conflict)
	 */
	public Removed remove(String clientId) {
		Application removed = this.registry.remove(clientId);
		int revoked = this.authorizations.removeByRegisteredClientId(removed.internalId());
		// Its client_credentials tokens are not stored: revoked as a whole, so that a client registered again under
		// the same id does not inherit them.
		Instant now = this.clock.instant();
		this.revokedClientTokens.revokeAllOf(removed.clientId(), now, now.plus(removed.accessTokenTtl()));
		return new Removed(removed, revoked);
	}

	/**
	 * @param application the client as it was
	 * @param revokedAuthorizations how many authorizations were revoked with it
	 */
	public record Removed(Application application, int revokedAuthorizations) {
	}

}
