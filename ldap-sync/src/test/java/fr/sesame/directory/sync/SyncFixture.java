package fr.sesame.directory.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.connector.UnboundIdDirectoryConnector;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.index.InMemoryDirectoryIndex;
import fr.sesame.directory.index.IndexedAgent;
import fr.sesame.directory.support.CommuneConfig;

/**
 * One commune's synchronisation wired by hand around a test directory, driven pass by pass (no scheduler), with
 * events recorded and the index in memory unless given.
 */
final class SyncFixture implements AutoCloseable {

	final CommuneDirectoryProperties properties;

	final UnboundIdDirectoryConnector connector;

	final DirectoryIndex index;

	final RecordingEvents events = new RecordingEvents();

	final InMemorySyncBoard board = new InMemorySyncBoard();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final CommuneSync sync;

	private final String url;

	SyncFixture(CommuneConfig config, String url, DirectorySyncProperties settings) {
		this(config, url, settings, new InMemoryDirectoryIndex(), new LocalCommuneLeases("test"));
	}

	SyncFixture(CommuneConfig config, String url, DirectorySyncProperties settings, DirectoryIndex index,
			CommuneLeases leases) {
		this.properties = config.bind();
		this.connector = config.connector();
		this.index = index;
		this.url = url;
		this.sync = DirectorySync.commune(this.properties, this.connector, index, this.events, leases, this.board,
				settings, this.meters, Clock.systemUTC());
	}

	static DirectorySyncProperties settings() {
		return settings(Duration.ofMinutes(10));
	}

	static DirectorySyncProperties settings(Duration reconcileInterval) {
		return settings(reconcileInterval, 5000);
	}

	static DirectorySyncProperties settings(Duration reconcileInterval, int maxIncrementalChanges) {
		return new DirectorySyncProperties(true, Duration.ofMillis(200), reconcileInterval, Duration.ofSeconds(2), 5,
				maxIncrementalChanges, Duration.ZERO, Duration.ofSeconds(30), "test", new DirectorySyncProperties.Safety(0.10, 2));
	}

	/** One round; asserts nothing. */
	CommuneSyncStatus pass() {
		this.sync.runOnce();
		return this.sync.status();
	}

	/** One round that must succeed. */
	CommuneSyncStatus passUp() {
		CommuneSyncStatus status = pass();
		if (status.state() != SyncState.UP) {
			throw new AssertionError("pass did not succeed: " + status);
		}
		return status;
	}

	Optional<IndexedAgent> agent(String login) {
		IndexedAgent[] found = { null };
		this.index.forEachBatch(this.properties.id(), 100, (batch) -> batch.stream()
			.filter((agent) -> agent.login().equalsIgnoreCase(login))
			.findFirst()
			.ifPresent((agent) -> found[0] = agent));
		return Optional.ofNullable(found[0]);
	}

	long agents() {
		return this.index.state(this.properties.id()).map((state) -> state.agents()).orElse(0L);
	}

	/** A connection to the directory as its administrator would change it (anonymous: the test server allows it). */
	LDAPConnection admin() throws LDAPException {
		LDAPURL parsed = new LDAPURL(this.url);
		return new LDAPConnection(parsed.getHost(), parsed.getPort());
	}

	@Override
	public void close() {
		this.connector.close();
	}

}
