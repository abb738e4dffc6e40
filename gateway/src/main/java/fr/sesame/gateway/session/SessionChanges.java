package fr.sesame.gateway.session;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Hears, through Redis pub/sub, which sessions another replica ended (sign-out, back-channel logout, revocation seen
 * at refresh) or changed (tokens refreshed, step-up), and makes this replica forget its copy at once
 * ({@link RecentSessions#evict}), typically within a millisecond. Pub/sub may lose messages (a reconnection): then
 * {@code cache-freshness} (at most a second) is the bound, and every copy is forgotten when the subscription fails.
 */
public final class SessionChanges implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SessionChanges.class);

	private final ReactiveStringRedisTemplate redis;

	private final String channel;

	private final RecentSessions recent;

	private volatile Disposable subscription;

	public SessionChanges(ReactiveStringRedisTemplate redis, String namespace, RecentSessions recent) {
		this.redis = redis;
		this.channel = channel(namespace);
		this.recent = recent;
	}

	/** Where session ids are published: one channel per session namespace, so per gateway deployment. */
	static String channel(String namespace) {
		return namespace + ":changes";
	}

	@Override
	public void start() {
		// Deferred: with Redis down at start, the first attempt fails like the later ones, and is retried.
		this.subscription = Flux.defer(() -> this.redis.listenToChannel(this.channel))
			.doOnSubscribe((s) -> this.recent.clear())
			.doOnNext((message) -> this.recent.evict(message.getMessage()))
			.doOnError((ex) -> {
				this.recent.clear();
				log.warn("Session change notifications interrupted ({}); sessions are read from Redis again",
						ex.getMessage());
			})
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10)))
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable current = this.subscription;
		if (current != null) {
			current.dispose();
			this.subscription = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.subscription != null && !this.subscription.isDisposed();
	}

}
