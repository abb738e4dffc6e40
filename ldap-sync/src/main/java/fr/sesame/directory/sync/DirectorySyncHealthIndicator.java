package fr.sesame.directory.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The synchronisation of one commune: UP when its last pass succeeded (here, or on the replica holding its lease),
 * DOWN when failing or halted by the safety check, UNKNOWN before a first pass. Details (state, owner, last success,
 * lag, agents, last error) name no agent and no secret.
 */
public final class DirectorySyncHealthIndicator implements HealthIndicator {

	private final CommuneSync commune;

	private final SyncBoard board;

	private final Clock clock;

	public DirectorySyncHealthIndicator(CommuneSync commune, SyncBoard board, Clock clock) {
		this.commune = commune;
		this.board = board;
		this.clock = clock;
	}

	/** One indicator per commune, keyed by commune id: {@code /actuator/health/directorySync/<commune>}. */
	public static CompositeHealthContributor perCommune(DirectorySync sync, SyncBoard board, Clock clock) {
		Map<String, DirectorySyncHealthIndicator> indicators = new LinkedHashMap<>();
		sync.communes().forEach((id, commune) -> indicators.put(id, new DirectorySyncHealthIndicator(commune, board,
				clock)));
		return CompositeHealthContributor.fromMap(indicators);
	}

	@Override
	public Health health() {
		CommuneSyncStatus status = this.commune.status();
		if (status.state() == SyncState.STANDBY) {
			// Another replica synchronises the commune: its own status says how it goes.
			status = this.board.status(this.commune.communeId()).orElse(status);
		}
		Health.Builder health = switch (status.state()) {
			case UP, STANDBY -> Health.up();
			case STARTING -> Health.unknown();
			case FAILING, HALTED -> Health.down();
		};
		health.withDetail("state", status.state().name().toLowerCase(java.util.Locale.ROOT));
		if (status.owner() != null) {
			health.withDetail("owner", status.owner());
		}
		if (status.strategy() != null) {
			health.withDetail("strategy", status.strategy());
		}
		if (status.lastSuccess() != null) {
			health.withDetail("lastSuccess", status.lastSuccess().toString());
			Duration lag = status.lag(this.clock.instant());
			health.withDetail("lagSeconds", lag.toSeconds());
		}
		health.withDetail("agents", status.agents());
		if (status.lastError() != null) {
			health.withDetail("lastError", status.lastError());
			health.withDetail("consecutiveFailures", status.consecutiveFailures());
		}
		if (status.state() == SyncState.HALTED) {
			health.withDetail("heldLeavers", status.heldLeavers());
			if (status.haltedSince() != null) {
				health.withDetail("haltedSince", status.haltedSince().toString());
			}
		}
		return health.build();
	}

}
