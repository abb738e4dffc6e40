package fr.sesame.directory.sync;

import java.util.Optional;

/**
 * Which replica synchronises which commune: a lease per commune, held by one replica at a time and renewed while it
 * works. A replica that dies stops renewing, and its communes are taken over once their leases expire.
 */
public interface CommuneLeases {

	/** This replica's name, as lease holders are shown. */
	String owner();

	/** Takes the commune's lease if free, or renews it if this replica holds it. */
	boolean acquire(String communeId);

	/** Renews the lease only if this replica still holds it: false means another replica may have taken over. */
	boolean renew(String communeId);

	Optional<String> holder(String communeId);

	/** Gives the lease up (shutdown), so that another replica takes over without waiting for it to expire. */
	void release(String communeId);

}
