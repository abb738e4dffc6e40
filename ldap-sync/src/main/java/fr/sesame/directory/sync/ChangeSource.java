package fr.sesame.directory.sync;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;

/**
 * How a directory tells what changed since the last pass: Active Directory's update sequence numbers, OpenLDAP's
 * content synchronisation (RFC 4533), or modification timestamps. A full pass sets the starting point; each
 * incremental pass reads the changes after it and moves it forward once they are applied.
 */
interface ChangeSource {

	/**
	 * {@code usn} (or {@code usn+presence}), {@code content-sync} or {@code modify-timestamp}: how changes are read,
	 * for the status.
	 */
	String label();

	/** The attributes agent and group entries must carry for this source. */
	String[] trackingAttributes();

	/** Called before a full pass reads anything, so that changes made during the pass are seen by the next one. */
	void beginFullPass(SyncConnection connection) throws LDAPException;

	/** Each agent and group entry a full pass reads. */
	void observe(Entry entry);

	/** The full pass succeeded: the next incremental pass starts from what was recorded. */
	void endFullPass();

	/**
	 * The changes since the starting point.
	 * @throws TooManyChangesException when more entries changed than an incremental pass holds in memory: a full
	 * pass (paged, bounded) takes over
	 */
	DirectoryChanges changes(SyncConnection connection, AgentReader reader) throws LDAPException;

	/** The changes were applied: move the starting point to {@link DirectoryChanges#cursor()}. */
	void advance(DirectoryChanges applied);

}
