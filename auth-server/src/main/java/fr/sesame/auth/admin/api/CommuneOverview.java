package fr.sesame.auth.admin.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.beans.factory.ObjectProvider;

import fr.sesame.auth.role.DeclaredRoles;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.connector.DirectoryConnector;
import fr.sesame.directory.connector.DirectoryStatus;
import fr.sesame.directory.index.CommuneIndexState;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.sync.CommuneSyncStatus;
import fr.sesame.directory.sync.DirectorySync;
import fr.sesame.directory.sync.SyncBoard;
import fr.sesame.directory.sync.SyncState;

/**
 * What an admin sees of its communes: the directory's health (probed now, every commune at once, so that one
 * directory down costs its timeout once, not once per commune), the synchronisation's status (this process's when
 * it synchronises the commune, else the one its owner published), the index's state, and the applications whose
 * roles can be assigned there. Nothing here names an agent.
 */
public final class CommuneOverview implements AutoCloseable {

	/** Beyond the directories' own timeouts: a probe that hangs anyway is reported as such. */
	private static final Duration PROBE_LIMIT = Duration.ofSeconds(10);

	private final CommuneDirectories directories;

	private final DirectoryIndex index;

	private final ObjectProvider<DirectorySync> sync;

	private final ObjectProvider<SyncBoard> board;

	private final DeclaredRoles declared;

	private final Clock clock;

	private final ExecutorService probes = Executors.newFixedThreadPool(4, (task) -> {
		Thread thread = new Thread(task, "sesame-admin-directory-probe");
		thread.setDaemon(true);
		return thread;
	});

	CommuneOverview(CommuneDirectories directories, DirectoryIndex index, ObjectProvider<DirectorySync> sync,
			ObjectProvider<SyncBoard> board, DeclaredRoles declared, Clock clock) {
		this.directories = directories;
		this.index = index;
		this.sync = sync;
		this.board = board;
		this.declared = declared;
		this.clock = clock;
	}

	public List<Map<String, Object>> describe(List<Commune> communes) {
		Map<String, CompletableFuture<DirectoryStatus>> statuses = new LinkedHashMap<>();
		for (Commune commune : communes) {
			Optional<DirectoryConnector> connector = this.directories.connector(commune.id());
			statuses.put(commune.id(), connector
				.map((found) -> CompletableFuture.supplyAsync(found::status, this.probes))
				.orElseGet(() -> CompletableFuture.completedFuture(null)));
		}
		List<Map<String, Object>> described = new ArrayList<>();
		for (Commune commune : communes) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("id", commune.id());
			json.put("display_name", commune.displayName());
			json.put("directory", directory(statuses.get(commune.id())));
			json.put("sync", sync(commune.id()));
			json.put("index", index(commune.id()));
			json.put("applications", applications(commune.id()));
			described.add(json);
		}
		return described;
	}

	private static Map<String, Object> directory(CompletableFuture<DirectoryStatus> probe) {
		Map<String, Object> json = new LinkedHashMap<>();
		DirectoryStatus status;
		try {
			status = probe.get(PROBE_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			status = new DirectoryStatus(false, PROBE_LIMIT, "timeout");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			status = new DirectoryStatus(false, Duration.ZERO, "interrupted");
		}
		catch (ExecutionException ex) {
			status = new DirectoryStatus(false, Duration.ZERO, "probe failed");
		}
		if (status == null) {
			json.put("reachable", false);
			json.put("detail", "no connector");
			return json;
		}
		json.put("reachable", status.reachable());
		json.put("latency_ms", status.latency().toMillis());
		json.put("detail", status.detail());
		return json;
	}

	/**
	 * The commune's synchronisation status: this process's when it synchronises the commune, else the one its owner
	 * published.
	 */
	public Optional<CommuneSyncStatus> syncStatus(String communeId) {
		Optional<CommuneSyncStatus> status = Optional.empty();
		DirectorySync local = this.sync.getIfAvailable();
		if (local != null) {
			status = local.status(communeId);
		}
		SyncBoard shared = this.board.getIfAvailable();
		if ((status.isEmpty() || status.get().state() == SyncState.STANDBY) && shared != null) {
			Optional<CommuneSyncStatus> published = shared.status(communeId);
			if (published.isPresent()) {
				status = published;
			}
		}
		return status;
	}

	private Map<String, Object> sync(String communeId) {
		Optional<CommuneSyncStatus> status = syncStatus(communeId);
		if (status.isEmpty()) {
			return null;
		}
		CommuneSyncStatus found = status.get();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("state", found.state().name().toLowerCase(Locale.ROOT));
		json.put("strategy", found.strategy());
		json.put("last_success", text(found.lastSuccess()));
		Duration lag = found.lag(this.clock.instant());
		json.put("lag_seconds", (lag != null) ? lag.toSeconds() : null);
		json.put("last_full_pass", text(found.lastFullPass()));
		json.put("last_error", found.lastError());
		json.put("last_error_at", text(found.lastErrorAt()));
		json.put("consecutive_failures", found.consecutiveFailures());
		json.put("held_leavers", found.heldLeavers());
		// A halted commune: what its held pass would remove, and whether an admin's confirmation awaits that pass.
		json.put("halted_since", text(found.haltedSince()));
		if (found.state() == SyncState.HALTED) {
			SyncBoard shared = this.board.getIfAvailable();
			json.put("confirmation_pending", shared != null && shared.pendingConfirmation(communeId)
				.filter((confirmation) -> Objects.equals(confirmation.haltedSince(), found.haltedSince()))
				.isPresent());
		}
		return json;
	}

	private Map<String, Object> index(String communeId) {
		Optional<CommuneIndexState> state = this.index.state(communeId);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("synced", state.map(CommuneIndexState::synced).orElse(false));
		json.put("synced_at", state.map(CommuneIndexState::syncedAt).map(Instant::toString).orElse(null));
		json.put("agents", state.map(CommuneIndexState::agents).orElse(0L));
		return json;
	}

	private List<Map<String, Object>> applications(String communeId) {
		List<Map<String, Object>> applications = new ArrayList<>();
		for (String clientId : this.declared.assignableIn(communeId)) {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("client", clientId);
			json.put("name", this.declared.name(clientId).orElse(clientId));
			json.put("roles", this.declared.declaredBy(clientId));
			applications.add(json);
		}
		return applications;
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	@Override
	public void close() {
		this.probes.shutdownNow();
	}

}
