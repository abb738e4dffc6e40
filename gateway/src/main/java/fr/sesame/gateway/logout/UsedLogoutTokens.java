package fr.sesame.gateway.logout;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Logout tokens already used ({@code jti}), so that a captured token cannot be replayed, on any replica, while it
 * is still recent enough to be accepted.
 */
public interface UsedLogoutTokens {

	/** @return whether this is the token's first use (and records it) */
	Mono<Boolean> firstUse(String jti, Duration remember);

	/** One process. */
	final class InMemory implements UsedLogoutTokens {

		private final Cache<String, Boolean> used = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(Duration.ofMinutes(15))
			.build();

		@Override
		public Mono<Boolean> firstUse(String jti, Duration remember) {
			return Mono.just(this.used.asMap().putIfAbsent(jti, Boolean.TRUE) == null);
		}

	}

	/** Every replica: {@code SET <prefix>logout-jti:<jti> 1 NX EX}. */
	final class InRedis implements UsedLogoutTokens {

		private final ReactiveStringRedisTemplate redis;

		private final String prefix;

		public InRedis(ReactiveStringRedisTemplate redis, String keyPrefix) {
			this.redis = redis;
			this.prefix = keyPrefix + "logout-jti:";
		}

		@Override
		public Mono<Boolean> firstUse(String jti, Duration remember) {
			return this.redis.opsForValue().setIfAbsent(this.prefix + jti, "1", remember).defaultIfEmpty(false);
		}

	}

}
