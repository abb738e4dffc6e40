package fr.sesame.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import fr.sesame.gateway.application.GatewayProperties.Bucket;

/**
 * Token buckets in this process, for the demo and single-instance runs: the same arithmetic as the Redis limiter,
 * buckets forgotten after ten idle minutes, at most 100,000 of them.
 */
public final class InMemoryRequestQuotas implements RequestQuotas {

	private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	private final Clock clock;

	public InMemoryRequestQuotas(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Mono<Quota> take(String bucket, String key, Bucket limits) {
		TokenBucket tokens = this.buckets.get(bucket + "\u0000" + key,
				(name) -> new TokenBucket(limits.burstCapacity(), this.clock.millis()));
		boolean allowed = tokens.take(limits, this.clock.millis());
		return Mono.just(allowed ? Quota.allow() : new Quota(false, RequestQuotas.retryAfter(limits)));
	}

	private static final class TokenBucket {

		private double tokens;

		private long updatedAt;

		TokenBucket(long capacity, long now) {
			this.tokens = capacity;
			this.updatedAt = now;
		}

		synchronized boolean take(Bucket limits, long now) {
			double refill = (now - this.updatedAt) / 1000.0 * limits.replenishRate();
			this.tokens = Math.min(limits.burstCapacity(), this.tokens + refill);
			this.updatedAt = now;
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return true;
			}
			return false;
		}

	}

}
