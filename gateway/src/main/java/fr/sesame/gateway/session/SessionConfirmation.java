package fr.sesame.gateway.session;

import java.time.Duration;

import reactor.core.publisher.Mono;

import fr.sesame.gateway.store.PeriodicRedisWork;

/**
 * Keeps the sessions in use on this replica confirmed against Redis, off the request path: twice per
 * {@code cache-freshness}, {@link RedisSessionRepository#confirmInUse} checks the versions of the sessions requests
 * used lately, a few hundred per Redis call. A session in use is then always fresh here and its requests make no
 * Redis call, instead of one confirmation per session and per {@code cache-freshness} on some request's path; the
 * bound does not change: no copy is used more than {@code cache-freshness} after Redis last said it was current.
 * When Redis cannot be reached, nothing is confirmed and the copies age out as before (sessions fail closed).
 */
public final class SessionConfirmation extends PeriodicRedisWork {

	/** Sessions used within this many rounds are kept confirmed; the others are confirmed by their next request. */
	private static final int ROUNDS_IN_USE = 8;

	private final RedisSessionRepository sessions;

	private final Duration inUse;

	/**
	 * @param freshness {@code cache-freshness}; zero (no copies kept) means nothing to confirm
	 */
	public SessionConfirmation(RedisSessionRepository sessions, Duration freshness) {
		super(freshness.dividedBy(2));
		this.sessions = sessions;
		this.inUse = freshness.dividedBy(2).multipliedBy(ROUNDS_IN_USE);
	}

	@Override
	protected Mono<Void> round() {
		return this.sessions.confirmInUse(this.inUse);
	}

	@Override
	protected String whileFailing() {
		return "Sessions in use not confirmed against Redis ({}): each is confirmed on its next request";
	}

	@Override
	protected String recovered() {
		return "Sessions in use confirmed against Redis again";
	}

}
