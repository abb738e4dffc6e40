package fr.sesame.auth.admin.api;

import fr.sesame.directory.agent.Agent;

/**
 * An agent found for an admin, from the directory index or, while the index of its commune is not complete yet,
 * from the directory itself.
 *
 * @param agent what the index or the directory says
 * @param enabled whether the account is enabled; {@code null} when read from the directory, which does not tell
 * @param indexed whether it comes from the index
 */
public record LocatedAgent(Agent agent, Boolean enabled, boolean indexed) {
}
