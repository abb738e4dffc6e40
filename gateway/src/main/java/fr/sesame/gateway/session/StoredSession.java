package fr.sesame.gateway.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.springframework.session.MapSession;
import org.springframework.session.Session;

/**
 * One request's copy of a gateway session kept in Redis, remembering what the request changed so that saving it
 * writes only that: nothing at all for a request that only read it (most of them), the access time at most every
 * {@code touch-interval}, the changed attributes otherwise.
 */
public final class StoredSession implements Session {

	private final MapSession session;

	/** The id it is stored under; differs from {@link #getId()} after a session id change, null if never saved. */
	private String storedId;

	/** The last access time as stored in Redis: it is written again only once {@code touch-interval} has passed. */
	private Instant storedLastAccess;

	private final Set<String> changedAttributes = new HashSet<>();

	private boolean maxInactiveIntervalChanged;

	StoredSession(MapSession session, boolean stored) {
		this.session = session;
		this.storedId = stored ? session.getId() : null;
		this.storedLastAccess = session.getLastAccessedTime();
	}

	boolean isNew() {
		return this.storedId == null;
	}

	String storedId() {
		return this.storedId;
	}

	Instant storedLastAccess() {
		return this.storedLastAccess;
	}

	/** Whether saving must write more than the access time: attributes, id or idle timeout changed, or never saved. */
	boolean hasChanges() {
		return isNew() || !this.changedAttributes.isEmpty() || this.maxInactiveIntervalChanged
				|| !this.storedId.equals(getId());
	}

	Set<String> changedAttributes() {
		return Set.copyOf(this.changedAttributes);
	}

	boolean maxInactiveIntervalChanged() {
		return this.maxInactiveIntervalChanged;
	}

	/** After a successful write: what is in Redis now is what this copy holds. */
	void saved() {
		this.storedId = getId();
		this.storedLastAccess = getLastAccessedTime();
		this.changedAttributes.clear();
		this.maxInactiveIntervalChanged = false;
	}

	/** A snapshot for the cache: the state as stored, never this request's copy itself. */
	MapSession copy() {
		MapSession copy = new MapSession(this.session);
		copy.setLastAccessedTime(this.storedLastAccess);
		return copy;
	}

	@Override
	public String getId() {
		return this.session.getId();
	}

	@Override
	public String changeSessionId() {
		return this.session.changeSessionId();
	}

	@Override
	public <T> T getAttribute(String attributeName) {
		return this.session.getAttribute(attributeName);
	}

	@Override
	public Set<String> getAttributeNames() {
		return this.session.getAttributeNames();
	}

	@Override
	public void setAttribute(String attributeName, Object attributeValue) {
		this.session.setAttribute(attributeName, attributeValue);
		this.changedAttributes.add(attributeName);
	}

	@Override
	public void removeAttribute(String attributeName) {
		this.session.removeAttribute(attributeName);
		this.changedAttributes.add(attributeName);
	}

	@Override
	public Instant getCreationTime() {
		return this.session.getCreationTime();
	}

	@Override
	public void setLastAccessedTime(Instant lastAccessedTime) {
		// Not a change by itself: the repository decides whether the store needs to hear of it.
		this.session.setLastAccessedTime(lastAccessedTime);
	}

	@Override
	public Instant getLastAccessedTime() {
		return this.session.getLastAccessedTime();
	}

	@Override
	public void setMaxInactiveInterval(Duration interval) {
		this.session.setMaxInactiveInterval(interval);
		this.maxInactiveIntervalChanged = true;
	}

	@Override
	public Duration getMaxInactiveInterval() {
		return this.session.getMaxInactiveInterval();
	}

	@Override
	public boolean isExpired() {
		return this.session.isExpired();
	}

	@Override
	public String toString() {
		// The id is the browser's credential: never in a log line.
		return "StoredSession[new=" + isNew() + "]";
	}

}
