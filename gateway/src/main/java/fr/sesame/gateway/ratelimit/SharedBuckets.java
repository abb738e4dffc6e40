package fr.sesame.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import fr.sesame.gateway.ratelimit.TokenBuckets.Spending;
import fr.sesame.gateway.store.PeriodicRedisWork;

/**
 * Shares the replicas' rate-limit buckets through Redis, off the request path: every {@code interval}, one script
 * call adds to each shared bucket ({@code <prefix>quota:<bucket>:<key>}, refilled with Redis' clock) what this
 * replica spent from it, and sets this replica's bucket to what is left for all of them.
 *
 * <p>
 * The trade-off, against checking Redis on every request (what {@code RedisRateLimiter} did, two calls per request):
 * between two syncs each replica admits from its own copy, so with R replicas a burst can exceed the limit by up to
 * (R − 1) times what the bucket held at the last sync, within one interval; the excess is then owed (the shared
 * bucket goes negative, down to minus its capacity) and refused until it is paid back, so over a few intervals the
 * admitted rate is the configured one. When Redis cannot be reached, each replica keeps limiting on its own buckets.
 */
public final class SharedBuckets extends PeriodicRedisWork {

	/** At most this many buckets per script call, so that Redis is never held for long. */
	static final int BATCH = 250;

	/**
	 * KEYS: the shared buckets (hashes: t = tokens, ts = refilled at, ms); ARGV, three per key: replenish rate per
	 * second, capacity, tokens spent. Returns what is left in each, in thousandths of a token.
	 */
	private static final RedisScript<List> SYNC = RedisScript.of("""
			local now = redis.call('TIME')
			local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
			local left = {}
			for i, key in ipairs(KEYS) do
			  local rate, capacity, spent = tonumber(ARGV[3 * i - 2]), tonumber(ARGV[3 * i - 1]), tonumber(ARGV[3 * i])
			  local state = redis.call('HMGET', key, 't', 'ts')
			  local tokens = tonumber(state[1]) or capacity
			  local at = tonumber(state[2]) or ms
			  tokens = math.min(capacity, tokens + math.max(0, ms - at) * rate / 1000) - spent
			  if tokens < -capacity then tokens = -capacity end
			  redis.call('HSET', key, 't', tostring(tokens), 'ts', tostring(ms))
			  redis.call('PEXPIRE', key, math.ceil(2000 * capacity / rate) + 1000)
			  left[i] = math.floor(tokens * 1000)
			end
			return left
			""", List.class);

	private final TokenBuckets buckets;

	private final ReactiveStringRedisTemplate redis;

	private final String keyPrefix;

	private final Clock clock;

	public SharedBuckets(TokenBuckets buckets, ReactiveStringRedisTemplate redis, String keyPrefix, Duration interval,
			Clock clock) {
		super(interval);
		this.buckets = buckets;
		this.redis = redis;
		this.keyPrefix = keyPrefix + "quota:";
		this.clock = clock;
	}

	/** One sync: what was spent since the last one goes to Redis, what is left comes back. */
	public Mono<Void> sync() {
		List<Spending> spent = this.buckets.drainSpent();
		if (spent.isEmpty()) {
			return Mono.empty();
		}
		List<List<Spending>> batches = new ArrayList<>();
		for (int from = 0; from < spent.size(); from += BATCH) {
			batches.add(spent.subList(from, Math.min(spent.size(), from + BATCH)));
		}
		return Flux.fromIterable(batches).concatMap(this::sync).then();
	}

	private Mono<Void> sync(List<Spending> batch) {
		List<String> keys = new ArrayList<>(batch.size());
		List<String> args = new ArrayList<>(batch.size() * 3);
		for (Spending spending : batch) {
			keys.add(this.keyPrefix + spending.bucket().bucket() + ":" + spending.bucket().key());
			args.add(Integer.toString(spending.bucket().limits().replenishRate()));
			args.add(Long.toString(spending.bucket().limits().burstCapacity()));
			args.add(Integer.toString(spending.tokens()));
		}
		return this.redis.execute(SYNC, keys, args).next().doOnNext((left) -> {
			long now = this.clock.millis();
			for (int i = 0; i < batch.size() && i < left.size(); i++) {
				batch.get(i).bucket().reconcile(((Number) left.get(i)).longValue() / 1000.0, now);
			}
		}).then();
	}

	@Override
	protected Mono<Void> round() {
		return sync();
	}

	@Override
	protected String whileFailing() {
		// The spending of this interval is not shared; each replica keeps limiting on its own buckets meanwhile.
		return "Rate-limit buckets not shared through Redis ({}); each replica limits on its own";
	}

	@Override
	protected String recovered() {
		return "Rate-limit buckets shared through Redis again";
	}

}
