package fr.sesame.directory.sync;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The board of a single process. */
public final class InMemorySyncBoard implements SyncBoard {

	private final Map<String, CommuneSyncStatus> statuses = new ConcurrentHashMap<>();

	private final Map<String, LeaversConfirmation> confirmations = new ConcurrentHashMap<>();

	@Override
	public void publish(CommuneSyncStatus status) {
		this.statuses.put(status.communeId(), status);
	}

	@Override
	public Optional<CommuneSyncStatus> status(String communeId) {
		return Optional.ofNullable(this.statuses.get(communeId));
	}

	@Override
	public void confirmLeavers(String communeId, LeaversConfirmation confirmation) {
		this.confirmations.put(communeId, confirmation);
	}

	@Override
	public Optional<LeaversConfirmation> pendingConfirmation(String communeId) {
		return Optional.ofNullable(this.confirmations.get(communeId));
	}

	@Override
	public Optional<LeaversConfirmation> takeLeaversConfirmation(String communeId) {
		return Optional.ofNullable(this.confirmations.remove(communeId));
	}

}
