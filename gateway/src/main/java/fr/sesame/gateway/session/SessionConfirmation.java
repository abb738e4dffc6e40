package fr.sesame.gateway.session;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps the sessions in use on this replica confirmed against Redis, off the request path: twice per
 * {@code cache-freshness}, {@link RedisSessionRepository#confirmInUse} checks the versions of the sessions requests
 * used lately, a few hundred per Redis call. A session in use is then always fresh here and its requests make no
 * Redis call, instead of one confirmation per session and per {@code cache-freshness} on some request's path; the
 * bound does not change: no copy is used more than {@code cache-freshness} after Redis last said it was current.
 * When Redis cannot be reached, nothing is confirmed and the copies age out as before (sessions fail closed).
 */
public final class SessionConfirmation implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SessionConfirmation.class);

	/** Sessions used within this many rounds are kept confirmed; the others are confirmed by their next request. */
	private static final int ROUNDS_IN_USE = 8;

	private final RedisSessionRepository sessions;

	private final Duration interval;

	private volatile Disposable schedule;

	private volatile boolean failing;

	/**
	 * @param freshness {@code cache-freshness}; zero (no copies kept) means nothing to confirm
	 */
	public SessionConfirmation(RedisSessionRepository sessions, Duration freshness) {
		this.sessions = sessions;
		this.interval = freshness.dividedBy(2);
	}

	@Override
	public void start() {
		if (this.interval.isZero()) {
			return;
		}
		Duration inUse = this.interval.multipliedBy(ROUNDS_IN_USE);
		this.schedule = Flux.interval(this.interval)
			.onBackpressureDrop()
			.concatMap((tick) -> this.sessions.confirmInUse(inUse)
				.doOnSuccess((done) -> recovered())
				.onErrorResume(this::failed), 1)
			.subscribe();
	}

	private void recovered() {
		if (this.failing) {
			this.failing = false;
			log.info("Sessions in use confirmed against Redis again");
		}
	}

	private Mono<Void> failed(Throwable ex) {
		if (!this.failing) {
			this.failing = true;
			log.warn("Sessions in use not confirmed against Redis ({}): each is confirmed on its next request",
					ex.getMessage());
		}
		return Mono.empty();
	}

	@Override
	public void stop() {
		Disposable current = this.schedule;
		if (current != null) {
			current.dispose();
			this.schedule = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null && !this.schedule.isDisposed();
	}

}
