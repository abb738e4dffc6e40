package fr.sesame.directory.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.RootDSE;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

/**
 * One commune's synchronisation on this replica: takes (or keeps) the commune's lease, then runs a full pass when
 * it has none yet, when reconciliation is due, or when the commune is halted, and an incremental pass otherwise;
 * keeps the commune's status; backs off exponentially after failures. A pass that fails changes nothing. Called
 * again and again by {@link DirectorySync}, on a thread of the commune's own, so that a slow directory delays no
 * other commune.
 */
public final class CommuneSync {

	private static final Logger logger = LoggerFactory.getLogger(CommuneSync.class);

	private final CommunePasses commune;

	private final LDAPConnectionPool pool;

	private final long responseTimeoutMillis;

	private final SyncBoard board;

	private final DirectorySyncProperties settings;

	private final Function<RootDSE, ChangeSource> sources;

	private final FullPass fullPass;

	private final IncrementalPass incrementalPass;

	private volatile CommuneSyncStatus status;

	private SyncMemory memory;

	private boolean holding;

	private Halt halt;

	private long changes;

	/** A pass held back by the safety check since {@code since}, and when to try a full pass again. */
	private record Halt(Instant since, long leavers, long agents, int attempts, Instant retryAt) {
	}

	CommuneSync(CommunePasses commune, LDAPConnectionPool pool, long responseTimeoutMillis, SyncBoard board,
			DirectorySyncProperties settings, Function<RootDSE, ChangeSource> sources) {
		this.commune = commune;
		this.pool = pool;
		this.responseTimeoutMillis = responseTimeoutMillis;
		this.board = board;
		this.settings = settings;
		this.sources = sources;
		this.fullPass = new FullPass(commune);
		this.incrementalPass = new IncrementalPass(commune);
		this.status = CommuneSyncStatus.starting(commune.communeId(), commune.leases().owner());
	}

	public String communeId() {
		return this.commune.communeId();
	}

	/** As this replica knows it; for a commune another replica holds, see {@link SyncBoard#status}. */
	public CommuneSyncStatus status() {
		return this.status;
	}

	/** One round; returns how long to wait before the next one. */
	Duration runOnce() {
		Instant attempt = this.commune.clock().instant();
		String communeId = this.commune.communeId();
		CommuneLeases leases = this.commune.leases();
		if (!leases.acquire(communeId)) {
			if (this.holding) {
				logger.warn("Commune {}: lease now held by {}; standing by", communeId,
						leases.holder(communeId).orElse("nobody"));
			}
			standBy(attempt);
			return this.settings.interval();
		}
		if (!this.holding) {
			this.holding = true;
			logger.info("Commune {}: synchronised by this replica ({})", communeId, leases.owner());
		}
		boolean full = this.halt != null || this.memory == null
				|| !attempt.isBefore(this.memory.lastFullPass().plus(this.settings.reconcileInterval()));
		long start = System.nanoTime();
		LeaversConfirmation confirmed = null;
		try {
			if (this.halt != null) {
				confirmed = confirmation();
				if (confirmed == null && attempt.isBefore(this.halt.retryAt())) {
					publish(this.status);
					return this.settings.interval();
				}
			}
			FullPass.Result result = full ? runFullPass(confirmed) : runIncrementalPass();
			this.memory = result.memory();
			succeeded(attempt, full, result.outcome(), System.nanoTime() - start);
			this.commune.metrics().pass(full ? "full" : "incremental", "success", start);
			return this.settings.interval();
		}
		catch (SafetyHaltException ex) {
			this.commune.metrics().pass(full ? "full" : "incremental", "halted", start);
			halted(attempt, ex, confirmed != null);
			return this.settings.interval();
		}
		catch (FullPassNeededException | TooManyChangesException ex) {
			logger.info("Commune {}: a full pass follows ({})", communeId, ex.getMessage());
			this.memory = null;
			this.commune.metrics().pass("incremental", "full_pass_needed", start);
			return Duration.ZERO;
		}
		catch (LeaseLostException ex) {
			keepConfirmation(confirmed);
			logger.warn("Commune {}: lease lost during a pass; nothing applied", communeId);
			this.commune.metrics().pass(full ? "full" : "incremental", "lease_lost", start);
			standBy(attempt);
			return this.settings.interval();
		}
		catch (LDAPException | RuntimeException ex) {
			keepConfirmation(confirmed);
			this.commune.metrics().pass(full ? "full" : "incremental", "failure", start);
			return failed(attempt, ex);
		}
	}

	/**
	 * The admin's confirmation of the current halt, consumed; one that answers another halt (an earlier one, or one
	 * another replica saw) is dropped: it must not let later vanishings through.
	 */
	private LeaversConfirmation confirmation() {
		LeaversConfirmation confirmation = this.board.takeLeaversConfirmation(this.commune.communeId()).orElse(null);
		if (confirmation == null || confirmation.answers(this.halt.since())) {
			return confirmation;
		}
		logger.warn("Commune {}: a confirmation by {} for the halt of {} ignored: the current halt started at {}",
				this.commune.communeId(), confirmation.confirmedBy(), confirmation.haltedSince(), this.halt.since());
		return null;
	}

	/** An admin's confirmation taken by a pass that then failed stays for the next one. */
	private void keepConfirmation(LeaversConfirmation confirmed) {
		if (confirmed != null) {
			try {
				this.board.confirmLeavers(this.commune.communeId(), confirmed);
			}
			catch (DataAccessException ex) {
				logger.warn("Commune {}: the admin's confirmation could not be kept for the next pass; confirm again",
						this.commune.communeId());
			}
		}
	}

	/** Gives the lease up (shutdown), so that another replica takes the commune over at once. */
	void release() {
		if (this.holding) {
			this.commune.leases().release(this.commune.communeId());
			this.holding = false;
		}
	}

	private FullPass.Result runFullPass(LeaversConfirmation confirmed) throws LDAPException {
		try (SyncConnection connection = SyncConnection.open(this.pool, this.responseTimeoutMillis)) {
			ChangeSource source = this.sources.apply(connection.rootDse());
			if (confirmed != null) {
				logger.warn("Commune {}: full pass with the confirmation of {} (at most {} leavers)",
						this.commune.communeId(), confirmed.confirmedBy(), confirmed.leavers());
			}
			return this.fullPass.run(connection, source, (confirmed != null) ? confirmed.leavers() : 0);
		}
	}

	private FullPass.Result runIncrementalPass() throws LDAPException {
		try (SyncConnection connection = SyncConnection.open(this.pool, this.responseTimeoutMillis)) {
			Instant started = this.commune.clock().instant();
			DirectoryChanges changes = this.memory.source().changes(connection, this.commune.reader());
			SyncMemory current = this.memory;
			// Applying may move the group graph before it fails: then only a full pass can be trusted again.
			this.memory = null;
			return this.incrementalPass.apply(connection, current, changes, started);
		}
	}

	private void succeeded(Instant attempt, boolean full, PassOutcome outcome, long nanos) {
		if (this.halt != null) {
			logger.warn("Commune {}: synchronisation resumed after a full pass that was healthy or confirmed",
					this.commune.communeId());
			this.halt = null;
		}
		if (full || outcome.changes() > 0) {
			logger.info("Commune {}: {} pass: {} agents, {} added, {} updated, {} removed, {} ms",
					this.commune.communeId(), full ? "full" : "incremental", outcome.agents(), outcome.added(),
					outcome.updated(), outcome.removed(), nanos / 1_000_000);
		}
		this.changes += outcome.changes();
		CommuneSyncStatus previous = this.status;
		this.status = new CommuneSyncStatus(previous.communeId(), SyncState.UP, this.commune.leases().owner(),
				this.memory.source().label(), attempt, full ? attempt : previous.lastFullPass(), attempt,
				previous.lastError(), previous.lastErrorAt(), 0, outcome.agents(), this.changes, outcome.changes(),
				nanos / 1_000_000, 0, null, attempt.plus(this.settings.interval()));
		publish(this.status);
	}

	/**
	 * @param afterConfirmation the pass had an admin's confirmation and still found too many leavers: a new halt,
	 * which needs a confirmation of its own
	 */
	private void halted(Instant attempt, SafetyHaltException ex, boolean afterConfirmation) {
		this.memory = null;
		boolean continued = this.halt != null && !afterConfirmation;
		int attempts = continued ? this.halt.attempts() + 1 : 1;
		Instant since = continued ? this.halt.since() : attempt;
		this.halt = new Halt(since, ex.leavers(), ex.agents(), attempts, attempt.plus(backoff(attempts)));
		this.commune.metrics().error("leavers_threshold");
		logger.error("Commune {}: synchronisation halted: {} of {} agents would have been deprovisioned at once; nobody "
				+ "was. Waiting for a healthy full pass (next at {}) or an admin's confirmation (admin API: POST "
				+ "/api/admin/communes/{}/sync/confirmation)", this.commune.communeId(), ex.leavers(), ex.agents(),
				this.halt.retryAt(), this.commune.communeId());
		CommuneSyncStatus previous = this.status;
		this.status = new CommuneSyncStatus(previous.communeId(), SyncState.HALTED, this.commune.leases().owner(),
				previous.strategy(), previous.lastSuccess(), previous.lastFullPass(), attempt,
				"leavers_threshold (" + ex.getMessage() + ")", attempt, previous.consecutiveFailures(),
				previous.agents(), previous.changes(), 0, previous.lastPassMillis(), ex.leavers(), since,
				this.halt.retryAt());
		publish(this.status);
	}

	private Duration failed(Instant attempt, Exception ex) {
		CommuneSyncStatus previous = this.status;
		int failures = previous.consecutiveFailures() + 1;
		String reason = reason(ex);
		this.commune.metrics().error(reason.substring(0, reason.indexOf(' ') > 0 ? reason.indexOf(' ') : reason.length()));
		Duration wait = backoff(failures);
		// The SDK's messages name the server and the result, never the bind password.
		logger.warn("Commune {}: synchronisation failed ({} in a row), index unchanged, next attempt in {} ms: {}: {}",
				this.commune.communeId(), failures, wait.toMillis(), reason, ex.getMessage());
		this.status = new CommuneSyncStatus(previous.communeId(), (this.halt != null) ? SyncState.HALTED
				: SyncState.FAILING, this.commune.leases().owner(), previous.strategy(), previous.lastSuccess(),
				previous.lastFullPass(), attempt, reason, attempt, failures, previous.agents(), previous.changes(), 0,
				previous.lastPassMillis(), (this.halt != null) ? this.halt.leavers() : 0,
				(this.halt != null) ? this.halt.since() : null, attempt.plus(wait));
		publish(this.status);
		return wait;
	}

	private void standBy(Instant attempt) {
		this.holding = false;
		this.memory = null;
		this.halt = null;
		CommuneSyncStatus previous = this.status;
		this.status = new CommuneSyncStatus(previous.communeId(), SyncState.STANDBY,
				this.commune.leases().holder(this.commune.communeId()).orElse(null), previous.strategy(),
				previous.lastSuccess(), previous.lastFullPass(), attempt, null, null, 0, previous.agents(),
				previous.changes(), 0, previous.lastPassMillis(), 0, null, attempt.plus(this.settings.interval()));
	}

	private void publish(CommuneSyncStatus status) {
		try {
			this.board.publish(status);
		}
		catch (DataAccessException ex) {
			logger.debug("Commune {}: status not published: {}", this.commune.communeId(), ex.toString());
		}
	}

	/** interval × 2^failures, at most max-backoff, ±20 % so that communes failing together spread out. */
	private Duration backoff(int failures) {
		long base = this.settings.interval().toMillis();
		long max = this.settings.maxBackoff().toMillis();
		long wait = (failures >= 30) ? max : Math.min(max, base << Math.min(failures, 30));
		double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
		return Duration.ofMillis(Math.max(1, Math.min(max, (long) (wait * jitter))));
	}

	/** A short, secret-free reason: the label first, then the LDAP result. */
	static String reason(Exception ex) {
		if (ex instanceof LDAPException ldap) {
			ResultCode code = ldap.getResultCode();
			String label = (code == ResultCode.TIMEOUT || code == ResultCode.TIME_LIMIT_EXCEEDED)
					? "directory_timeout" : ResultCode.isConnectionUsable(code) ? "directory_error"
							: "directory_unavailable";
			return label + " (" + code.getName() + ")";
		}
		if (ex instanceof DataAccessException) {
			return "index_unavailable (" + ex.getClass().getSimpleName() + ")";
		}
		return "sync_error (" + ex.getClass().getSimpleName() + ")";
	}

}
