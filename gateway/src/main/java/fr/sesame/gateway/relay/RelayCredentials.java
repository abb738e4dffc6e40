package fr.sesame.gateway.relay;

import java.util.Optional;

import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.policy.AgentIdentity;

/**
 * What the policy allowed through for one request: the agent and the access token to relay. Kept as an exchange
 * attribute, never logged, never in the session.
 *
 * @param agent the agent
 * @param accessToken the session's current access token, or the bearer token the API client presented
 */
public record RelayCredentials(AgentIdentity agent, String accessToken) {

	private static final String ATTRIBUTE = RelayCredentials.class.getName();

	public static void set(ServerWebExchange exchange, RelayCredentials credentials) {
		exchange.getAttributes().put(ATTRIBUTE, credentials);
	}

	public static Optional<RelayCredentials> of(ServerWebExchange exchange) {
		return Optional.ofNullable(exchange.getAttribute(ATTRIBUTE));
	}

	@Override
	public String toString() {
		return "RelayCredentials[subject=" + this.agent.subject() + "]";
	}

}
