package fr.sesame.gateway.ratelimit;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import fr.sesame.gateway.application.GatewayProperties;
import fr.sesame.gateway.hygiene.ClientAddress;
import fr.sesame.gateway.observability.GatewayMetrics;
import fr.sesame.gateway.session.ConditionalOnStoreType;
import fr.sesame.gateway.session.StoreProperties;
import fr.sesame.gateway.session.StoreType;
import fr.sesame.gateway.web.Pages;

/**
 * Rate-limit buckets in this process, shared with the other replicas through Redis in the background when the store
 * is Redis.
 */
@Configuration(proxyBeanMethods = false)
public class RateLimitConfiguration {

	@Bean
	TokenBuckets tokenBuckets(Clock clock, StoreProperties store) {
		return new TokenBuckets(clock, store.type() == StoreType.REDIS);
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	SharedBuckets sharedBuckets(TokenBuckets buckets, ObjectProvider<ReactiveStringRedisTemplate> redis,
			StoreProperties store, GatewayProperties properties, Clock clock) {
		return new SharedBuckets(buckets, redis.getObject(), store.keyPrefix(), properties.rateLimitSyncInterval(),
				clock);
	}

	@Bean
	TooManyRequests tooManyRequests(Pages pages, GatewayMetrics metrics) {
		return new TooManyRequests(pages, metrics);
	}

	@Bean
	RepeatedRefusals repeatedRefusals(TokenBuckets buckets, ClientAddress clientAddress, TooManyRequests tooMany) {
		return new RepeatedRefusals(buckets, clientAddress, tooMany);
	}

}
