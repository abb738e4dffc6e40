package fr.sesame.directory.sync;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The board of a single process. */
public final class InMemorySyncBoard implements SyncBoard {

	private final Map<String, CommuneSyncStatus> statuses = new ConcurrentHashMap<>();

	private final Set<String> confirmations = ConcurrentHashMap.newKeySet();

	@Override
	public void publish(CommuneSyncStatus status) {
		this.statuses.put(status.communeId(), status);
	}

	@Override
	public Optional<CommuneSyncStatus> status(String communeId) {
		return Optional.ofNullable(this.statuses.get(communeId));
	}

	@Override
	public void confirmLeavers(String communeId) {
		this.confirmations.add(communeId);
	}

	@Override
	public boolean takeLeaversConfirmation(String communeId) {
		return this.confirmations.remove(communeId);
	}

}
