package fr.sesame.directory.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * A commune's synchronisation in Micrometer, tagged {@code commune}:
 * <ul>
 * <li>{@value #PASSES} (timer; {@code pass} full|incremental, {@code outcome} success|failure|halted|lease_lost);</li>
 * <li>{@value #CHANGES} (counter; {@code kind} added|updated|removed, and the events: disabled, deleted,
 * out_of_scope, roles_revoked): in Prometheus, {@code rate(sesame_directory_sync_changes_total[1m])} gives changes
 * per second;</li>
 * <li>{@value #ERRORS} (counter; {@code reason} directory_unavailable|directory_timeout|index_unavailable|…);</li>
 * <li>{@value #AGENTS}, {@value #LAG} (seconds since the last successful pass), {@value #HALTED} (1 while held back
 * by the safety check) gauges.</li>
 * </ul>
 * Records nothing without a registry.
 */
final class SyncMetrics {

	static final String PASSES = "sesame.directory.sync.passes";

	static final String CHANGES = "sesame.directory.sync.changes";

	static final String ERRORS = "sesame.directory.sync.errors";

	static final String AGENTS = "sesame.directory.sync.agents";

	static final String LAG = "sesame.directory.sync.lag";

	static final String HALTED = "sesame.directory.sync.halted";

	private final MeterRegistry registry;

	private final String communeId;

	SyncMetrics(MeterRegistry registry, String communeId, Supplier<CommuneSyncStatus> status, Clock clock) {
		this.registry = registry;
		this.communeId = communeId;
		if (registry == null) {
			return;
		}
		// Gauges hold their object weakly: the supplier lives nowhere else, so they must hold it strongly.
		Gauge.builder(AGENTS, status, (s) -> s.get().agents())
			.description("Agents of the commune in the directory index")
			.tags("commune", communeId)
			.strongReference(true)
			.register(registry);
		Gauge.builder(LAG, status, (s) -> {
			Duration lag = s.get().lag(clock.instant());
			return (lag != null) ? lag.toMillis() / 1000.0 : Double.NaN;
		}).description("Seconds since the commune's last successful synchronisation").baseUnit("seconds")
			.tags("commune", communeId)
			.strongReference(true)
			.register(registry);
		Gauge.builder(HALTED, status, (s) -> (s.get().state() == SyncState.HALTED) ? 1 : 0)
			.description("1 while the commune's synchronisation is held back by the leaver safety check")
			.tags("commune", communeId)
			.strongReference(true)
			.register(registry);
	}

	void pass(String pass, String outcome, long startNanos) {
		if (this.registry != null) {
			Timer.builder(PASSES)
				.description("Synchronisation passes of a commune's directory")
				.tags("commune", this.communeId, "pass", pass, "outcome", outcome)
				.register(this.registry)
				.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
		}
	}

	void changes(String kind, long count) {
		if (this.registry != null && count > 0) {
			Counter.builder(CHANGES)
				.description("Agents added, updated or removed in the directory index, and the events published")
				.tags("commune", this.communeId, "kind", kind)
				.register(this.registry)
				.increment(count);
		}
	}

	void error(String reason) {
		if (this.registry != null) {
			Counter.builder(ERRORS)
				.description("Failed or halted synchronisation passes of a commune's directory")
				.tags("commune", this.communeId, "reason", reason)
				.register(this.registry)
				.increment();
		}
	}

}
