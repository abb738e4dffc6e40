package fr.sesame.gateway.session;

import java.util.Map;
import java.util.function.BiFunction;

import reactor.core.publisher.Mono;

import org.springframework.session.MapSession;
import org.springframework.session.config.ReactiveSessionRepositoryCustomizer;
import org.springframework.session.data.redis.ReactiveRedisSessionRepository;
import org.springframework.session.data.redis.RedisSessionMapper;

/**
 * Treats a session hash in Redis that lacks its creation time or timeout as no session at all. Such a hash appears
 * when a request still in flight saves its session (Spring Session writes only what changed, the last access time)
 * just after a back-channel logout or an expiry deleted it; Spring Session would then fail every later request of
 * that browser with an error until the hash expires. Here the browser is simply signed out, as it should be.
 */
public final class IncompleteSessionsAreEnded implements ReactiveSessionRepositoryCustomizer<ReactiveRedisSessionRepository> {

	@Override
	public void customize(ReactiveRedisSessionRepository repository) {
		repository.setRedisSessionMapper(new Mapper());
	}

	private static final class Mapper implements BiFunction<String, Map<String, Object>, Mono<MapSession>> {

		private final RedisSessionMapper complete = new RedisSessionMapper();

		@Override
		public Mono<MapSession> apply(String sessionId, Map<String, Object> hash) {
			return Mono.fromSupplier(() -> this.complete.apply(sessionId, hash))
				.onErrorResume(IllegalStateException.class, (incomplete) -> Mono.empty());
		}

	}

}
