package fr.sesame.auth.agent;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import fr.sesame.directory.agent.Agent;

/** For the single-process demo: bounded by the number of agents of the demo directories. */
public final class InMemorySignedInAgents implements SignedInAgents {

	private final Map<String, Agent> agents = new ConcurrentHashMap<>();

	@Override
	public void save(String subject, Agent agent) {
		this.agents.put(subject, agent);
	}

	@Override
	public Optional<Agent> find(String subject) {
		return Optional.ofNullable(this.agents.get(subject));
	}

}
