package fr.sesame.auth.key;

import java.util.List;

/**
 * Where the signing keys live: shared by every replica and kept across restarts (Redis), or in this process only
 * (the demo, unit tests).
 */
public interface SigningKeyStore {

	/** @return every stored key, whatever its state, in no particular order */
	List<SigningKey> findAll();

	void save(SigningKey key);

	void remove(String kid);

	/**
	 * Runs a change of the stored keys while no other replica runs one, so that two replicas starting or rotating
	 * at the same moment do not each create a key. The change must read the keys again: another replica may have
	 * changed them while this one waited.
	 */
	void exclusively(Runnable change);

}
