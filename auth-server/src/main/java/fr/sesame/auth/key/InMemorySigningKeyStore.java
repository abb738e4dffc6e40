package fr.sesame.auth.key;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Signing keys of this process only: new keys at every start, so tokens do not survive a restart. For the demo
 * and unit tests.
 */
public final class InMemorySigningKeyStore implements SigningKeyStore {

	private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	@Override
	public List<SigningKey> findAll() {
		return List.copyOf(this.keys.values());
	}

	@Override
	public void save(SigningKey key) {
		this.keys.put(key.kid(), key);
	}

	@Override
	public void remove(String kid) {
		this.keys.remove(kid);
	}

	@Override
	public void exclusively(Runnable change) {
		this.lock.lock();
		try {
			change.run();
		}
		finally {
			this.lock.unlock();
		}
	}

}
