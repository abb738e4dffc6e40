package fr.sesame.auth.agent;

import java.time.Duration;
import java.util.Optional;

import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.json.JsonMapper;

import fr.sesame.directory.agent.Agent;

/**
 * Agents in Redis, shared by every replica. Each entry lives as long as the longest refresh token could, renewed at
 * every sign-in.
 */
public final class RedisSignedInAgents implements SignedInAgents {

	private final StringRedisTemplate redis;

	private final String prefix;

	private final JsonMapper json;

	private final Duration retention;

	public RedisSignedInAgents(StringRedisTemplate redis, String keyPrefix, JsonMapper json, Duration retention) {
		this.redis = redis;
		this.prefix = keyPrefix + "agent:";
		this.json = json;
		this.retention = retention;
	}

	@Override
	public void save(String subject, Agent agent) {
		this.redis.opsForValue().set(this.prefix + subject, this.json.writeValueAsString(agent), this.retention);
	}

	@Override
	public Optional<Agent> find(String subject) {
		String value = this.redis.opsForValue().get(this.prefix + subject);
		return Optional.ofNullable(value).map((json) -> this.json.readValue(json, Agent.class));
	}

}
