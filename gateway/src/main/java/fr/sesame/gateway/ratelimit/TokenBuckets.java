package fr.sesame.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import fr.sesame.gateway.application.GatewayProperties.Bucket;

/**
 * This replica's token buckets, one per {@code (bucket, key)}: {@code bucket} names the limit (application and
 * dimension), {@code key} the agent or address it counts for. Every decision is taken here, in memory, without
 * waiting for anyone; with the Redis store, {@link SharedBuckets} adds what this replica spent to the shared buckets
 * in Redis every {@code rate-limit-sync-interval} and brings back what all replicas spent. Buckets are forgotten
 * after ten idle minutes, at most 100,000 of them.
 */
public final class TokenBuckets {

	private final Cache<String, TokenBucket> buckets = Caffeine.newBuilder()
		// Upkeep (eviction, expiry) on the request's own thread: Caffeine's default hands it to the common
		// ForkJoinPool, a thread wake-up every few requests that cost more CPU than the upkeep itself.
		.executor(Runnable::run)
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	/** Buckets that spent tokens since the last {@link #drainSpent()}, each once. */
	private final Queue<TokenBucket> spent = new ConcurrentLinkedQueue<>();

	private final Clock clock;

	private final boolean shared;

	/**
	 * @param shared whether {@link SharedBuckets} syncs these buckets with Redis (then spending is tracked for it)
	 */
	public TokenBuckets(Clock clock, boolean shared) {
		this.clock = clock;
		this.shared = shared;
	}

	/** Takes a token if there is one. */
	public Quota take(String bucket, String key, Bucket limits) {
		TokenBucket tokens = bucket(bucket, key, limits);
		Quota quota = tokens.take(this.clock.millis());
		queueIfFirstSpending(tokens, quota.allowed());
		return quota;
	}

	/** Whether a token is there, without taking it. */
	public Quota peek(String bucket, String key, Bucket limits) {
		return bucket(bucket, key, limits).peek(this.clock.millis());
	}

	/** Takes a token whether or not there is one: the bucket may go into debt, down to minus its capacity. */
	public void spend(String bucket, String key, Bucket limits) {
		TokenBucket tokens = bucket(bucket, key, limits);
		tokens.spend(this.clock.millis());
		queueIfFirstSpending(tokens, true);
	}

	/**
	 * What each bucket spent since the last call, reset to zero. A bucket that spent stays in the list, with nothing
	 * spent, until it would have refilled: what the other replicas spent from it comes back only through a sync, and a
	 * replica that admitted one request of a burst must learn that the others admitted the rest.
	 */
	List<Spending> drainSpent() {
		long now = this.clock.millis();
		List<Spending> drained = new ArrayList<>();
		TokenBucket bucket;
		while ((bucket = this.spent.poll()) != null) {
			int tokens = bucket.drain(now);
			if (tokens >= 0) {
				drained.add(new Spending(bucket, tokens));
			}
		}
		drained.forEach((spending) -> this.spent.add(spending.bucket()));
		return drained;
	}

	private TokenBucket bucket(String bucket, String key, Bucket limits) {
		return this.buckets.get(bucket + '\u0000' + key,
				(id) -> new TokenBucket(bucket, key, limits, this.clock.millis()));
	}

	private void queueIfFirstSpending(TokenBucket bucket, boolean spentOne) {
		if (this.shared && spentOne && bucket.markQueued()) {
			this.spent.add(bucket);
		}
	}

	/**
	 * @param bucket the bucket
	 * @param tokens tokens it spent since the previous drain (0 for a bucket synced to learn what others spent)
	 */
	record Spending(TokenBucket bucket, int tokens) {

	}

	/** One bucket; its arithmetic is the same in Redis ({@link SharedBuckets}). */
	static final class TokenBucket {

		private final String bucket;

		private final String key;

		private final Bucket limits;

		private double tokens;

		private long updatedAt;

		/** Spent since the last drain, not yet told to Redis. */
		private int unsynced;

		/** Until when the bucket is synced even if it spends nothing: the time it takes to refill from empty. */
		private long watchedUntil;

		private boolean queued;

		TokenBucket(String bucket, String key, Bucket limits, long now) {
			this.bucket = bucket;
			this.key = key;
			this.limits = limits;
			this.tokens = limits.burstCapacity();
			this.updatedAt = now;
		}

		String bucket() {
			return this.bucket;
		}

		String key() {
			return this.key;
		}

		Bucket limits() {
			return this.limits;
		}

		synchronized Quota take(long now) {
			refill(now);
			if (this.tokens >= 1) {
				this.tokens -= 1;
				spent(now);
				return Quota.allow();
			}
			return refused();
		}

		synchronized Quota peek(long now) {
			refill(now);
			return (this.tokens >= 1) ? Quota.allow() : refused();
		}

		synchronized void spend(long now) {
			refill(now);
			this.tokens = Math.max(-this.limits.burstCapacity(), this.tokens - 1);
			spent(now);
		}

		private void spent(long now) {
			this.unsynced++;
			this.watchedUntil = now + 1000 * this.limits.burstCapacity() / Math.max(1, this.limits.replenishRate());
		}

		synchronized boolean markQueued() {
			if (this.queued) {
				return false;
			}
			this.queued = true;
			return true;
		}

		/**
		 * What was spent since the last drain; -1 when nothing was and the bucket has had time to refill since it last
		 * spent (it leaves the sync list until it spends again).
		 */
		synchronized int drain(long now) {
			int drained = this.unsynced;
			this.unsynced = 0;
			if (drained == 0 && now >= this.watchedUntil) {
				this.queued = false;
				return -1;
			}
			return drained;
		}

		/**
		 * What every replica left in the shared bucket, once this replica's spending up to the last drain was taken
		 * from it; what this replica spent since is taken again here.
		 */
		synchronized void reconcile(double shared, long now) {
			this.tokens = Math.max(-this.limits.burstCapacity(),
					Math.min(this.limits.burstCapacity(), shared - this.unsynced));
			this.updatedAt = now;
		}

		private void refill(long now) {
			if (now > this.updatedAt) {
				double refill = (now - this.updatedAt) / 1000.0 * this.limits.replenishRate();
				this.tokens = Math.min(this.limits.burstCapacity(), this.tokens + refill);
				this.updatedAt = now;
			}
		}

		/** {@code Retry-After}: whole seconds until a token is back (at least 1). */
		private Quota refused() {
			double missing = 1 - this.tokens;
			return new Quota(false, Math.max(1, (long) Math.ceil(missing / this.limits.replenishRate())));
		}

	}

}
