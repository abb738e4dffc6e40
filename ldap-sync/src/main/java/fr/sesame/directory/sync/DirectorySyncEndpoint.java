package fr.sesame.directory.sync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * {@code /actuator/directorysync}: every commune's synchronisation status, and {@code POST
 * /actuator/directorysync/<commune>} for an operator to confirm that a commune halted by the safety check may
 * deprovision the leavers it holds back (as many as the status shows, for the current halt only; the admin API's
 * {@code POST /api/admin/communes/<commune>/sync/confirmation} does the same, authenticated and audited). Not exposed over HTTP unless listed in
 * {@code management.endpoints.web.exposure.include}: expose it only on a management port no one else reaches, until
 * the authenticated admin console takes over.
 */
@Endpoint(id = "directorysync")
public final class DirectorySyncEndpoint {

	private final DirectorySync sync;

	private final SyncBoard board;

	public DirectorySyncEndpoint(DirectorySync sync, SyncBoard board) {
		this.sync = sync;
		this.board = board;
	}

	@ReadOperation
	public Map<String, CommuneSyncStatus> communes() {
		Map<String, CommuneSyncStatus> statuses = new LinkedHashMap<>();
		this.sync.communes().keySet().forEach((id) -> statuses.put(id, status(id)));
		return statuses;
	}

	@ReadOperation
	public CommuneSyncStatus commune(@Selector String commune) {
		return this.sync.communes().containsKey(commune) ? status(commune) : null;
	}

	@WriteOperation
	public WebEndpointResponse<Map<String, String>> confirmLeavers(@Selector String commune) {
		if (!this.sync.communes().containsKey(commune)) {
			return new WebEndpointResponse<>(Map.of("error", "unknown commune"), WebEndpointResponse.STATUS_NOT_FOUND);
		}
		CommuneSyncStatus status = status(commune);
		if (status.state() != SyncState.HALTED || status.haltedSince() == null) {
			return new WebEndpointResponse<>(Map.of("error", "the commune's synchronisation is not halted"), 409);
		}
		this.board.confirmLeavers(commune,
				new LeaversConfirmation(status.haltedSince(), status.heldLeavers(), "actuator", Instant.now()));
		return new WebEndpointResponse<>(Map.of("commune", commune, "confirmation", "recorded: the next full pass "
				+ "may deprovision up to " + status.heldLeavers() + " leavers"));
	}

	private CommuneSyncStatus status(String communeId) {
		CommuneSyncStatus local = this.sync.communes().get(communeId).status();
		return (local.state() == SyncState.STANDBY) ? this.board.status(communeId).orElse(local) : local;
	}

}
