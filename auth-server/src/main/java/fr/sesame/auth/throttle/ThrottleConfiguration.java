package fr.sesame.auth.throttle;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ThrottleProperties.class)
class ThrottleConfiguration {

	@Bean
	LoginThrottle loginThrottle(FailedAttempts attempts, ThrottleProperties properties) {
		return new LoginThrottle(attempts, properties, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	FailedAttempts redisFailedAttempts(StringRedisTemplate redis, StoreProperties store) {
		return new RedisFailedAttempts(redis, store.keyPrefix());
	}

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	FailedAttempts inMemoryFailedAttempts() {
		return new InMemoryFailedAttempts(Clock.systemUTC());
	}

}
