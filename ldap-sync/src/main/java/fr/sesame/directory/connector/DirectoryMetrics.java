package fr.sesame.directory.connector;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.unboundid.ldap.sdk.LDAPConnectionPool;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The LDAP latency of one commune: timer {@value #REQUESTS} tagged {@code commune}, {@code operation}
 * ({@code search}, {@code groups}, {@code bind}, {@code status}) and {@code outcome}; gauge {@value #AVAILABLE}
 * tagged {@code commune} and {@code pool} ({@code search}, {@code bind}). Records nothing without a registry.
 */
public final class DirectoryMetrics {

	public static final String REQUESTS = "sesame.directory.requests";

	public static final String AVAILABLE = "sesame.directory.pool.available";

	private final MeterRegistry registry;

	private final String communeId;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	/** @param registry may be {@code null}: then nothing is recorded */
	public DirectoryMetrics(MeterRegistry registry, String communeId) {
		this.registry = registry;
		this.communeId = communeId;
	}

	void record(String operation, String outcome, long startNanos) {
		if (this.registry == null) {
			return;
		}
		long elapsed = System.nanoTime() - startNanos;
		this.timers.computeIfAbsent(operation + '\n' + outcome, (key) -> Timer.builder(REQUESTS)
			.description("LDAP operations against a commune's directory")
			.tags("commune", this.communeId, "operation", operation, "outcome", outcome)
			.register(this.registry)).record(elapsed, TimeUnit.NANOSECONDS);
	}

	void watch(String pool, LDAPConnectionPool connections) {
		if (this.registry == null) {
			return;
		}
		Gauge.builder(AVAILABLE, connections, LDAPConnectionPool::getCurrentAvailableConnections)
			.description("Idle connections of a commune's directory pool")
			.tags("commune", this.communeId, "pool", pool)
			.register(this.registry);
	}

}
