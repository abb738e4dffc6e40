package fr.sesame.auth.agent;

import java.util.Optional;

import fr.sesame.directory.agent.Agent;

/**
 * The agents who signed in, by {@code sub}, as their directory described them at sign-in: what tokens issued later
 * (code exchange, refresh, userinfo) say about them without a directory round trip.
 */
public interface SignedInAgents {

	void save(String subject, Agent agent);

	Optional<Agent> find(String subject);

}
