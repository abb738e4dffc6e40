package fr.sesame.gateway.store;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;

/**
 * Work a replica does against Redis every interval, off the request path, one round at a time (a round still running
 * when the next is due makes that one skip). A failing round is logged once when failures start and once when they
 * end, under the subclass's logger: health reports Redis itself.
 */
public abstract class PeriodicRedisWork implements SmartLifecycle {

	private final Logger log = LoggerFactory.getLogger(getClass());

	private final Duration interval;

	private volatile Disposable schedule;

	private volatile boolean failing;

	/** @param interval between rounds; zero: no rounds at all */
	protected PeriodicRedisWork(Duration interval) {
		this.interval = interval;
	}

	/** One round. */
	protected abstract Mono<Void> round();

	/** What the replica does while rounds fail; {@code {}} is replaced by the error's message. */
	protected abstract String whileFailing();

	/** Said once rounds succeed again. */
	protected abstract String recovered();

	@Override
	public void start() {
		if (this.interval.isZero()) {
			return;
		}
		this.schedule = Flux.interval(this.interval)
			.onBackpressureDrop()
			.concatMap((tick) -> round().doOnSuccess((done) -> succeeded()).onErrorResume(this::failed), 1)
			.subscribe();
	}

	private void succeeded() {
		if (this.failing) {
			this.failing = false;
			this.log.info(recovered());
		}
	}

	private Mono<Void> failed(Throwable ex) {
		if (!this.failing) {
			this.failing = true;
			this.log.warn(whileFailing(), ex.getMessage());
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
