package fr.sesame.auth.agent;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.json.JsonMapper;

import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;

@Configuration(proxyBeanMethods = false)
class SignedInAgentsConfiguration {

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	SignedInAgents redisSignedInAgents(StringRedisTemplate redis, StoreProperties store) {
		return new RedisSignedInAgents(redis, store.keyPrefix(), JsonMapper.builder().build(), Duration.ofDays(30));
	}

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	SignedInAgents inMemorySignedInAgents() {
		return new InMemorySignedInAgents();
	}

}
