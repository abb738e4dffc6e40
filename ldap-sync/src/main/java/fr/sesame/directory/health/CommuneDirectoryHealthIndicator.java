package fr.sesame.directory.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.connector.DirectoryConnector;
import fr.sesame.directory.connector.DirectoryStatus;

/**
 * The health of one commune's directory: a trivial search with the service account, its latency, and on failure the
 * reason label and result code. Never a DN of an agent, a URL's credentials or a secret.
 */
public final class CommuneDirectoryHealthIndicator implements HealthIndicator {

	private final DirectoryConnector connector;

	public CommuneDirectoryHealthIndicator(DirectoryConnector connector) {
		this.connector = connector;
	}

	/** One indicator per commune, keyed by commune id, in configuration order. */
	public static CompositeHealthContributor perCommune(CommuneDirectories directories) {
		Map<String, CommuneDirectoryHealthIndicator> indicators = new LinkedHashMap<>();
		for (Commune commune : directories.communes()) {
			directories.connector(commune.id())
				.ifPresent((connector) -> indicators.put(commune.id(), new CommuneDirectoryHealthIndicator(connector)));
		}
		return CompositeHealthContributor.fromMap(indicators);
	}

	@Override
	public Health health() {
		DirectoryStatus status = this.connector.status();
		Health.Builder builder = status.reachable() ? Health.up() : Health.down();
		builder.withDetail("commune", this.connector.commune().displayName())
			.withDetail("latencyMs", status.latency().toMillis());
		if (!status.reachable()) {
			builder.withDetail("reason", status.detail());
		}
		return builder.build();
	}

}
