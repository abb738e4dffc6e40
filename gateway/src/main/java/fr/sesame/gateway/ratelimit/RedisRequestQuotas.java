package fr.sesame.gateway.ratelimit;

import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.GatewayProperties.Bucket;

/**
 * Buckets in Redis through Spring Cloud Gateway's {@link RedisRateLimiter} (one Lua script call per bucket), shared
 * by every replica.
 *
 * <p>
 * When Redis cannot be reached the limiter lets requests through (it fails open, by design of
 * {@code RedisRateLimiter}), and this class keeps that choice: a Redis outage already stops every browser session,
 * which lives in Redis and fails closed, so the only traffic still flowing is bearer-token API calls, and refusing
 * those too would turn a cache outage into a full outage. Bearer tokens are still verified on every call.
 */
public final class RedisRequestQuotas implements RequestQuotas {

	private final RedisRateLimiter limiter;

	/**
	 * @param limiter a limiter of its own (not the one routes declared in YAML would use)
	 * @param applications every application: their buckets are declared to the limiter once, here
	 */
	public RedisRequestQuotas(RedisRateLimiter limiter, List<Application> applications) {
		this.limiter = limiter;
		Map<String, RedisRateLimiter.Config> configs = limiter.getConfig();
		for (Application application : applications) {
			configs.put(RequestQuotas.agentBucket(application), config(application.rateLimits().perAgent()));
			configs.put(RequestQuotas.addressBucket(application), config(application.rateLimits().perClientAddress()));
		}
	}

	@Override
	public Mono<Quota> take(String bucket, String key, Bucket limits) {
		// The Lua script reads Redis' clock, so replicas agree whatever their own clocks say.
		return this.limiter.isAllowed(bucket, key)
			.map((response) -> response.isAllowed() ? Quota.allow()
					: new Quota(false, RequestQuotas.retryAfter(limits)));
	}

	private static RedisRateLimiter.Config config(Bucket limits) {
		// Replenish rate first: the burst capacity setter checks it is not below the rate.
		return new RedisRateLimiter.Config().setReplenishRate(limits.replenishRate())
			.setBurstCapacity(limits.burstCapacity());
	}

}
