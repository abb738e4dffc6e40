package fr.sesame.auth.directory;

import java.util.List;
import java.util.Map;

import fr.sesame.directory.agent.Agent;

/**
 * What a token may say about an agent right now, and whether it may be issued at all.
 *
 * @param active false when the directory index says the account is disabled or gone: no token, refresh included
 * @param agent the agent's current description (from the index when it is fresher than the sign-in)
 * @param roles client id → roles, as the index computed them; {@code null} when the sign-in profile is used, whose
 * roles follow from the commune's mappings
 * @param reason why the agent is not active ({@code disabled}, {@code absent}), for logs
 */
public record AgentStanding(boolean active, Agent agent, Map<String, List<String>> roles, String reason) {

	static AgentStanding fromSignIn(Agent agent) {
		return new AgentStanding(true, agent, null, null);
	}

	static AgentStanding fromIndex(Agent agent, Map<String, List<String>> roles) {
		return new AgentStanding(true, agent, roles, null);
	}

	static AgentStanding refused(Agent agent, String reason) {
		return new AgentStanding(false, agent, null, reason);
	}

	/** Whether the roles come from the index rather than from the sign-in profile. */
	public boolean indexed() {
		return this.roles != null;
	}

}
