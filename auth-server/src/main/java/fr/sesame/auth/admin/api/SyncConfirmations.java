package fr.sesame.auth.admin.api;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.ObjectProvider;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.sync.CommuneSyncStatus;
import fr.sesame.directory.sync.LeaversConfirmation;
import fr.sesame.directory.sync.SyncBoard;
import fr.sesame.directory.sync.SyncState;

/**
 * An admin's confirmation that a commune whose synchronisation the leaver safety check halted may deprovision the
 * leavers it holds back, whether through the API or the console. The admin states how many it saw, and the
 * confirmation names the halt: the worker that owns the commune, in this process or another (through the shared
 * {@link SyncBoard}), lets that halt's next full pass deprovision at most as many, and nothing later. Audited. The
 * commune is one the caller administers ({@link AdminAccess#commune}).
 */
public final class SyncConfirmations {

	public static final String ACTION = "confirm-sync-leavers";

	private final AdminAccess access;

	private final CommuneOverview overview;

	private final ObjectProvider<SyncBoard> board;

	private final Clock clock;

	SyncConfirmations(AdminAccess access, CommuneOverview overview, ObjectProvider<SyncBoard> board, Clock clock) {
		this.access = access;
		this.overview = overview;
		this.board = board;
		this.clock = clock;
	}

	/**
	 * @param heldLeavers how many held leavers the admin saw
	 * @param via how the admin asked ({@code api}, {@code console}), for the audit entry
	 * @throws AdminApiException 409 when the commune is not halted, or now holds back another number of leavers
	 */
	public LeaversConfirmation confirm(AdminCaller caller, Commune commune, long heldLeavers,
			HttpServletRequest request, String via) {
		SyncBoard shared = this.board.getIfAvailable();
		Optional<CommuneSyncStatus> status = this.overview.syncStatus(commune.id());
		if (shared == null || status.isEmpty() || status.get().state() != SyncState.HALTED
				|| status.get().haltedSince() == null) {
			throw AdminApiException.conflict("The commune's synchronisation is not halted: there is nothing to confirm");
		}
		CommuneSyncStatus halted = status.get();
		if (halted.heldLeavers() != heldLeavers) {
			throw AdminApiException.conflict("The halted synchronisation now holds back " + halted.heldLeavers()
					+ " leavers, not " + heldLeavers + ": look at the commune again and confirm what it shows");
		}
		LeaversConfirmation confirmation = new LeaversConfirmation(halted.haltedSince(), halted.heldLeavers(),
				caller.sub(), this.clock.instant());
		shared.confirmLeavers(commune.id(), confirmation);
		Map<String, String> data = new LinkedHashMap<>();
		data.put("action", ACTION);
		data.put("commune", commune.id());
		data.put("via", via);
		data.put("halted_since", halted.haltedSince().toString());
		data.put("held_leavers", Long.toString(halted.heldLeavers()));
		data.put("before.sync", "halted");
		data.put("after.sync", "leavers-confirmed");
		this.access.changed(caller, request, AuditEventType.ADMIN_CHANGED, data);
		return confirmation;
	}

}
