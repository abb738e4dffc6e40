package fr.sesame.gateway.ratelimit;

import reactor.core.publisher.Mono;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.GatewayProperties.Bucket;

/**
 * Token buckets, one per {@code (bucket, key)}: {@code bucket} names the limit (application and dimension), {@code key}
 * the agent or address it counts for.
 */
public interface RequestQuotas {

	Mono<Quota> take(String bucket, String key, Bucket limits);

	static String agentBucket(Application application) {
		return application.id() + ".agent";
	}

	static String addressBucket(Application application) {
		return application.id() + ".address";
	}

	/** Seconds until one token is back in a bucket that refills at {@code limits.replenishRate()} per second. */
	static long retryAfter(Bucket limits) {
		return Math.max(1, (long) Math.ceil(1.0 / limits.replenishRate()));
	}

}
