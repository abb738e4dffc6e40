package fr.sesame.auth.role;

import java.util.Objects;

import fr.sesame.auth.agent.SubjectIdentifier;
import fr.sesame.directory.agent.Agent;

/**
 * The agent an assignment is for. The {@code sub} is what tokens and the store key on; the home commune and the
 * directory's immutable id find the agent in the directory index again (its current login, whether it left), and the
 * login is the one it had when the role was granted, shown when the index no longer knows it.
 *
 * @param sub the agent's subject identifier
 * @param communeId the agent's own commune (whose directory holds it), not necessarily where the role applies
 * @param uniqueId the directory's immutable id ({@code entryUUID} / {@code objectGUID})
 * @param login the login when the role was granted
 */
public record AssignedAgent(String sub, String communeId, String uniqueId, String login) {

	public AssignedAgent {
		Objects.requireNonNull(sub, "sub");
		Objects.requireNonNull(communeId, "communeId");
		Objects.requireNonNull(uniqueId, "uniqueId");
		Objects.requireNonNull(login, "login");
	}

	public static AssignedAgent of(Agent agent) {
		return new AssignedAgent(SubjectIdentifier.of(agent), agent.communeId(), agent.uniqueId(), agent.login());
	}

}
