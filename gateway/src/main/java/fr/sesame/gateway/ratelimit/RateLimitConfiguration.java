package fr.sesame.gateway.ratelimit;

import java.time.Clock;
import java.util.List;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.beans.factory.annotation.Qualifier;

import fr.sesame.gateway.application.Applications;
import fr.sesame.gateway.session.ConditionalOnStoreType;
import fr.sesame.gateway.session.StoreType;

/**
 * Rate-limit buckets in this process or in Redis, with the sessions.
 */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	RequestQuotas inMemoryRequestQuotas(Clock clock) {
		return new InMemoryRequestQuotas(clock);
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	RequestQuotas redisRequestQuotas(ReactiveStringRedisTemplate redis,
			@Qualifier(RedisRateLimiter.REDIS_SCRIPT_NAME) RedisScript<List<Long>> script,
			ConfigurationService configurationService, Applications applications) {
		RedisRateLimiter limiter = new RedisRateLimiter(redis, script, configurationService);
		// The gateway answers 429 itself, with Retry-After; the limiter's X-RateLimit-* headers are not sent.
		limiter.setIncludeHeaders(false);
		return new RedisRequestQuotas(limiter, applications.all());
	}

}
