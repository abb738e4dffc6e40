package fr.sesame.auth.token.client;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import fr.sesame.auth.key.SigningKeys;
import fr.sesame.auth.oidc.IssuerProperties;
import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreConfiguration;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;

/** Client_credentials tokens verified instead of stored, and their revocations in memory or in Redis. */
@Configuration(proxyBeanMethods = false)
public class ClientTokenConfiguration {

	@Bean
	ClientTokens clientTokens(SigningKeys keys, IssuerProperties issuer, RegisteredClientRepository clients,
			RevokedClientTokens revoked, ObjectProvider<Clock> clock) {
		return new ClientTokens(keys, issuer.issuer().toString(), clients, revoked,
				clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	RevokedClientTokens inMemoryRevokedClientTokens(ObjectProvider<Clock> clock) {
		return new InMemoryRevokedClientTokens(clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	RevokedClientTokens redisRevokedClientTokens(ObjectProvider<StringRedisTemplate> redis, StoreProperties store,
			ObjectProvider<Clock> clock) {
		StringRedisTemplate template = StoreConfiguration.redis(redis, "revoked client tokens");
		return new RedisRevokedClientTokens(template, store.keyPrefix(), clock.getIfUnique(Clock::systemUTC));
	}

}
