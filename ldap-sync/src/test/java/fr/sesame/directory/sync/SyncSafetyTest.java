package fr.sesame.directory.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.unboundidds.controls.IgnoreNoUserModificationRequestControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.connector.UnboundIdDirectoryConnector;
import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.index.IndexedAgent;
import fr.sesame.directory.index.InMemoryDirectoryIndex;
import fr.sesame.directory.support.CommuneConfig;
import fr.sesame.directory.support.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A directory that fails, answers partially or suddenly looks empty never deprovisions anyone: the commune stops,
 * says why, and waits for a healthy full pass or an admin's confirmation, while the other communes go on.
 */
class SyncSafetyTest {

	static final String BASE = ModifyTimestampSyncTest.BASE;

	static final String PEOPLE = "ou=people," + BASE;

	@Test
	void unreachableDirectoryStopsItsCommuneOnlyAndDeprovisionsNobody() throws Exception {
		TestDirectory healthy = TestDirectory.start(DirectoryFlavour.OPENLDAP,
				"classpath:directories/sync-openldap.ldif", BASE);
		TestDirectory failing = TestDirectory.start(DirectoryFlavour.ACTIVE_DIRECTORY,
				"classpath:directories/sync-active-directory.ldif", ActiveDirectorySyncTest.BASE);
		InMemoryDirectoryIndex index = new InMemoryDirectoryIndex();
		RecordingEvents events = new RecordingEvents();
		InMemorySyncBoard board = new InMemorySyncBoard();
		Map<CommuneDirectoryProperties, UnboundIdDirectoryConnector> communes = new LinkedHashMap<>();
		CommuneConfig valdore = ModifyTimestampSyncTest.commune(healthy);
		CommuneConfig valdoreAd = ActiveDirectorySyncTest.commune(failing).set("connect-timeout", "300ms");
		communes.put(valdore.bind(), valdore.connector());
		communes.put(valdoreAd.bind(), valdoreAd.connector());
		DirectorySync sync = DirectorySync.create(communes, index, events, new LocalCommuneLeases("test"), board,
				SyncFixture.settings(), new SimpleMeterRegistry(), Clock.systemUTC());
		try {
			sync.start();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> sync.communes().values().stream().allMatch((c) -> c.status().state() == SyncState.UP));
			assertThat(index.state("valdore-ad").orElseThrow().agents()).isEqualTo(12);

			failing.close();
			try (LDAPConnection admin = new LDAPConnection("127.0.0.1", port(healthy))) {
				admin.modify("uid=lroux," + PEOPLE, new Modification(ModificationType.REPLACE, "employeeType",
						"inactive"));
			}

			await().atMost(Duration.ofSeconds(10)).until(() -> !events.all().isEmpty());
			assertThat(events.all()).singleElement().satisfies((event) -> {
				assertThat(event.communeId()).isEqualTo("valdore");
				assertThat(event.type()).isEqualTo(DirectoryEventType.DISABLED);
			});
			await().atMost(Duration.ofSeconds(10))
				.until(() -> sync.status("valdore-ad").orElseThrow().consecutiveFailures() >= 2);
			CommuneSyncStatus down = sync.status("valdore-ad").orElseThrow();
			assertThat(down.state()).isEqualTo(SyncState.FAILING);
			assertThat(down.lastError()).startsWith("directory_unavailable");
			assertThat(index.state("valdore-ad").orElseThrow().agents()).as("nobody deprovisioned").isEqualTo(12);
			assertThat(events.all()).noneMatch((event) -> event.communeId().equals("valdore-ad"));
			Health health = new DirectorySyncHealthIndicator(sync.communes().get("valdore-ad"), board,
					Clock.systemUTC()).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("state", "failing").containsKey("lastError");
			assertThat(new DirectorySyncHealthIndicator(sync.communes().get("valdore"), board, Clock.systemUTC())
				.health()
				.getStatus()).isEqualTo(Status.UP);
		}
		finally {
			sync.close();
			communes.values().forEach(UnboundIdDirectoryConnector::close);
			healthy.close();
		}
	}

	@Test
	void passFailingHalfWayLeavesTheIndexAsItWas() throws Exception {
		AtomicBoolean failSecondPage = new AtomicBoolean();
		TestDirectory directory = TestDirectory.start(DirectoryFlavour.OPENLDAP,
				"classpath:directories/sync-openldap.ldif", BASE, (config) -> config.addInMemoryOperationInterceptor(
						new InMemoryOperationInterceptor() {
							@Override
							public void processSearchRequest(InMemoryInterceptedSearchRequest request)
									throws LDAPException {
								SimplePagedResultsControl paging = (SimplePagedResultsControl) request.getRequest()
									.getControl(SimplePagedResultsControl.PAGED_RESULTS_OID);
								if (failSecondPage.get() && paging != null && paging.getCookie() != null
										&& paging.getCookie().getValueLength() > 0) {
									throw new LDAPException(ResultCode.UNAVAILABLE, "replica going down");
								}
							}
						}));
		try (SyncFixture sync = new SyncFixture(ModifyTimestampSyncTest.commune(directory), directory.url(),
				SyncFixture.settings(Duration.ofMillis(1)))) {
			sync.passUp();
			List<IndexedAgent> before = agents(sync);
			try (LDAPConnection admin = sync.admin()) {
				admin.delete("uid=kbertrand," + PEOPLE);
				admin.modify("uid=jdavid," + PEOPLE, new Modification(ModificationType.REPLACE, "employeeType",
						"inactive"));
			}
			failSecondPage.set(true);

			CommuneSyncStatus failed = sync.pass();

			assertThat(failed.state()).isEqualTo(SyncState.FAILING);
			assertThat(failed.lastError()).isEqualTo("directory_unavailable (unavailable)");
			assertThat(agents(sync)).isEqualTo(before);
			assertThat(sync.events.all()).isEmpty();

			failSecondPage.set(false);
			Thread.sleep(failed.nextAttempt().toEpochMilli() - System.currentTimeMillis() + 10);
			sync.passUp();
			assertThat(sync.events.all()).extracting(DirectoryEvent::type)
				.containsExactlyInAnyOrder(DirectoryEventType.DELETED, DirectoryEventType.DISABLED);
		}
		finally {
			directory.close();
		}
	}

	@Test
	void suspiciouslyManyLeaversHaltTheCommuneUntilAHealthyFullPass() throws Exception {
		TestDirectory directory = TestDirectory.start(DirectoryFlavour.OPENLDAP,
				"classpath:directories/sync-openldap.ldif", BASE);
		try (SyncFixture sync = new SyncFixture(ModifyTimestampSyncTest.commune(directory), directory.url(),
				SyncFixture.settings(Duration.ofMillis(1)))) {
			sync.passUp();
			List<IndexedAgent> before = agents(sync);
			List<Entry> removed = new ArrayList<>();
			try (LDAPConnection admin = sync.admin()) {
				for (String login : List.of("fsimon", "glaurent", "hmichel", "igarcia", "jdavid", "kbertrand")) {
					removed.add(admin.getEntry("uid=" + login + "," + PEOPLE, "*", "entryUUID"));
					admin.delete("uid=" + login + "," + PEOPLE);
				}
			}

			CommuneSyncStatus halted = sync.pass();

			assertThat(halted.state()).isEqualTo(SyncState.HALTED);
			assertThat(halted.heldLeavers()).isEqualTo(6);
			assertThat(halted.lastError()).startsWith("leavers_threshold");
			assertThat(sync.board.status("valdore").orElseThrow().state()).isEqualTo(SyncState.HALTED);
			assertThat(agents(sync)).isEqualTo(before);
			assertThat(sync.events.all()).isEmpty();
			assertThat(sync.meters.get(SyncMetrics.HALTED).gauge().value()).isEqualTo(1);

			// The entries come back (a replica restored): the next full pass is healthy and the commune resumes.
			try (LDAPConnection admin = sync.admin()) {
				for (Entry entry : removed) {
					// As a restore would: with their entryUUIDs, which only this control lets a client set.
					AddRequest restore = new AddRequest(entry);
					restore.addControl(new IgnoreNoUserModificationRequestControl());
					admin.add(restore);
				}
			}
			Thread.sleep(halted.nextAttempt().toEpochMilli() - System.currentTimeMillis() + 10);
			sync.passUp();
			assertThat(sync.events.all()).isEmpty();
			assertThat(sync.agents()).isEqualTo(12);
			assertThat(sync.meters.get(SyncMetrics.HALTED).gauge().value()).isZero();
		}
		finally {
			directory.close();
		}
	}

	@Test
	void adminConfirmationLetsTheHeldLeaversGo() throws Exception {
		TestDirectory directory = TestDirectory.start(DirectoryFlavour.OPENLDAP,
				"classpath:directories/sync-openldap.ldif", BASE);
		try (SyncFixture sync = new SyncFixture(ModifyTimestampSyncTest.commune(directory), directory.url(),
				SyncFixture.settings())) {
			sync.passUp();
			try (LDAPConnection admin = sync.admin()) {
				for (String login : List.of("fsimon", "glaurent", "hmichel", "igarcia", "jdavid")) {
					admin.modify("uid=" + login + "," + PEOPLE, new Modification(ModificationType.REPLACE,
							"employeeType", "inactive"));
				}
			}
			assertThat(sync.pass().state()).as("an incremental pass is held back too").isEqualTo(SyncState.HALTED);
			assertThat(sync.pass().state()).as("nothing before the next attempt").isEqualTo(SyncState.HALTED);
			assertThat(sync.events.all()).isEmpty();

			DirectorySyncEndpoint endpoint = new DirectorySyncEndpoint(new DirectorySync(List.of(sync.sync)),
					sync.board);
			assertThat(endpoint.confirmLeavers("valdore").getStatus()).isEqualTo(200);
			assertThat(sync.board.pendingConfirmation("valdore")).hasValueSatisfying((confirmation) -> {
				assertThat(confirmation.leavers()).isEqualTo(5);
				assertThat(confirmation.haltedSince()).isEqualTo(sync.sync.status().haltedSince());
			});
			sync.passUp();

			assertThat(sync.events.all()).hasSize(5).allMatch((event) -> event.type() == DirectoryEventType.DISABLED);
			assertThat(sync.agent("fsimon").orElseThrow().enabled()).isFalse();
			assertThat(sync.board.pendingConfirmation("valdore")).as("consumed").isEmpty();
			assertThat(endpoint.confirmLeavers("valdore").getStatus()).as("nothing to confirm once resumed")
				.isEqualTo(409);
			assertThat(sync.board.pendingConfirmation("valdore")).isEmpty();
		}
		finally {
			directory.close();
		}
	}

	@Test
	void aConfirmationIsNoPermissionForLaterVanishings() throws Exception {
		TestDirectory directory = TestDirectory.start(DirectoryFlavour.OPENLDAP,
				"classpath:directories/sync-openldap.ldif", BASE);
		try (SyncFixture sync = new SyncFixture(ModifyTimestampSyncTest.commune(directory), directory.url(),
				SyncFixture.settings())) {
			sync.passUp();
			List<IndexedAgent> before = agents(sync);
			disable(sync, "fsimon", "glaurent", "hmichel");
			CommuneSyncStatus halted = sync.pass();
			assertThat(halted.state()).isEqualTo(SyncState.HALTED);
			assertThat(halted.heldLeavers()).isEqualTo(3);
			DirectorySyncEndpoint endpoint = new DirectorySyncEndpoint(new DirectorySync(List.of(sync.sync)),
					sync.board);
			endpoint.confirmLeavers("valdore");

			// Two more vanish before the confirmed pass: it would deprovision 5, not the 3 confirmed.
			disable(sync, "igarcia", "jdavid");
			CommuneSyncStatus again = sync.pass();

			assertThat(again.state()).isEqualTo(SyncState.HALTED);
			assertThat(again.heldLeavers()).isEqualTo(5);
			assertThat(again.haltedSince()).as("a new halt").isAfter(halted.haltedSince());
			assertThat(agents(sync)).as("nobody deprovisioned").isEqualTo(before);
			assertThat(sync.events.all()).isEmpty();

			// A confirmation of the earlier halt (an admin's stale page) lets nothing through.
			sync.board.confirmLeavers("valdore", new LeaversConfirmation(halted.haltedSince(), 5, "someone",
					java.time.Instant.now()));
			assertThat(sync.pass().state()).isEqualTo(SyncState.HALTED);
			assertThat(agents(sync)).isEqualTo(before);
			assertThat(sync.board.pendingConfirmation("valdore")).as("dropped").isEmpty();

			// Confirming the current halt lets its 5 leavers go.
			endpoint.confirmLeavers("valdore");
			sync.passUp();
			assertThat(sync.events.all()).hasSize(5).allMatch((event) -> event.type() == DirectoryEventType.DISABLED);
		}
		finally {
			directory.close();
		}
	}

	private static void disable(SyncFixture sync, String... logins) throws LDAPException {
		try (LDAPConnection admin = sync.admin()) {
			for (String login : logins) {
				admin.modify("uid=" + login + "," + PEOPLE, new Modification(ModificationType.REPLACE,
						"employeeType", "inactive"));
			}
		}
	}

	private static List<IndexedAgent> agents(SyncFixture sync) {
		List<IndexedAgent> agents = new ArrayList<>();
		sync.index.forEachBatch("valdore", 100, agents::addAll);
		agents.sort(java.util.Comparator.comparing(IndexedAgent::uniqueId));
		return agents;
	}

	private static int port(TestDirectory directory) {
		return directory.embedded().port();
	}

}
