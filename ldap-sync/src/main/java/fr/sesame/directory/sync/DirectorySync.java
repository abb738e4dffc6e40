package fr.sesame.directory.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.connector.UnboundIdDirectoryConnector;
import fr.sesame.directory.event.DirectoryEvents;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.index.DirectoryIndex;

/**
 * Synchronises every commune's directory into the directory index, each commune on a thread and a schedule of its
 * own: one commune's directory being slow, down or halted never delays another. Starts with the application and
 * gives its leases up when it stops, so that another replica takes its communes over at once.
 */
public final class DirectorySync implements SmartLifecycle, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DirectorySync.class);

	private final Map<String, CommuneSync> communes;

	private final Map<String, ScheduledExecutorService> threads = new LinkedHashMap<>();

	private volatile boolean running;

	DirectorySync(List<CommuneSync> communes) {
		Map<String, CommuneSync> byId = new LinkedHashMap<>();
		communes.forEach((commune) -> byId.put(commune.communeId(), commune));
		this.communes = Collections.unmodifiableMap(byId);
	}

	/**
	 * @param communes each commune's configuration and connector (whose synchronisation pool the passes use)
	 * @param registry may be {@code null}
	 */
	public static DirectorySync create(Map<CommuneDirectoryProperties, UnboundIdDirectoryConnector> communes,
			DirectoryIndex index, DirectoryEvents events, CommuneLeases leases, SyncBoard board,
			DirectorySyncProperties settings, MeterRegistry registry, Clock clock) {
		List<CommuneSync> syncs = new ArrayList<>();
		communes.forEach((properties, connector) -> syncs.add(commune(properties, connector, index, events, leases,
				board, settings, registry, clock)));
		return new DirectorySync(syncs);
	}

	static CommuneSync commune(CommuneDirectoryProperties properties, UnboundIdDirectoryConnector connector,
			DirectoryIndex index, DirectoryEvents events, CommuneLeases leases, SyncBoard board,
			DirectorySyncProperties settings, MeterRegistry registry, Clock clock) {
		SyncScope scope = SyncScope.of(properties, settings.pageSize());
		List<String> tracking = (properties.flavour() == DirectoryFlavour.ACTIVE_DIRECTORY)
				? List.of(UsnChanges.USN_CHANGED, UsnChanges.IS_DELETED)
				: List.of(ModifyTimestampChanges.MODIFY_TIMESTAMP);
		AgentReader reader = new AgentReader(properties, clock, tracking);
		CommuneSync[] self = new CommuneSync[1];
		SyncMetrics metrics = new SyncMetrics(registry, properties.id(), () -> self[0].status(), clock);
		CommunePasses passes = new CommunePasses(properties.id(), properties.flavour(),
				properties.effectiveNestedGroups(), scope, reader, index, events, leases, settings.leaverSafety(),
				metrics, clock);
		// Paged searches of a large directory take longer than a sign-in's lookup: at least 30 s per response.
		long responseTimeout = Math.max(properties.responseTimeout().toMillis(), Duration.ofSeconds(30).toMillis());
		int maxChanges = settings.maxIncrementalChanges();
		self[0] = new CommuneSync(passes, connector.synchronisationPool(), responseTimeout, board, settings,
				(rootDse) -> {
					if (properties.flavour() == DirectoryFlavour.ACTIVE_DIRECTORY) {
						return new UsnChanges(properties.id(), scope, maxChanges, settings.presenceCheckInterval(), clock);
					}
					// Content synchronisation reports entries by entryUUID: usable when that is the agents' unique id.
					if (ContentSyncChanges.offeredBy(rootDse) && "entryUUID".equalsIgnoreCase(scope.uniqueId())) {
						return new ContentSyncChanges(scope, maxChanges);
					}
					return new ModifyTimestampChanges(scope, maxChanges, clock);
				});
		return self[0];
	}

	public Map<String, CommuneSync> communes() {
		return this.communes;
	}

	public Optional<CommuneSyncStatus> status(String communeId) {
		return Optional.ofNullable(this.communes.get(communeId)).map(CommuneSync::status);
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		this.running = true;
		for (CommuneSync commune : this.communes.values()) {
			ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread named = new Thread(task, "sesame-sync-" + commune.communeId());
				named.setDaemon(true);
				return named;
			});
			this.threads.put(commune.communeId(), thread);
			thread.execute(() -> round(commune, thread));
		}
		logger.info("Directory synchronisation started for {} commune(s): {}", this.communes.size(),
				this.communes.keySet());
	}

	private void round(CommuneSync commune, ScheduledExecutorService thread) {
		if (!this.running) {
			return;
		}
		Duration next;
		try {
			next = commune.runOnce();
		}
		catch (Throwable unexpected) {
			logger.error("Commune {}: synchronisation round failed unexpectedly", commune.communeId(), unexpected);
			next = Duration.ofSeconds(5);
		}
		if (this.running) {
			try {
				thread.schedule(() -> round(commune, thread), Math.max(0, next.toMillis()), TimeUnit.MILLISECONDS);
			}
			catch (java.util.concurrent.RejectedExecutionException stopping) {
				// Stopped meanwhile.
			}
		}
	}

	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		for (ScheduledExecutorService thread : this.threads.values()) {
			thread.shutdownNow();
		}
		// One deadline for all: a pass blocked on a slow directory ends within its response timeout at worst.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		for (Map.Entry<String, ScheduledExecutorService> thread : this.threads.entrySet()) {
			try {
				long left = Math.max(0, deadline - System.nanoTime());
				if (!thread.getValue().awaitTermination(left, TimeUnit.NANOSECONDS)) {
					logger.warn("Commune {}: synchronisation still running after 10 s; its lease will expire",
							thread.getKey());
					continue;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			try {
				this.communes.get(thread.getKey()).release();
			}
			catch (RuntimeException ex) {
				logger.warn("Commune {}: lease not released ({}); it will expire", thread.getKey(), ex.toString());
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void close() {
		stop();
	}

}
