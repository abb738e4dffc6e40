package fr.sesame.directory.sync;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.unboundid.ldap.sdk.AddRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.unboundidds.controls.IgnoreNoUserModificationRequestControl;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.support.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overlap of modifyTimestamp synchronisation: many entries sharing the window after a bulk load must not turn
 * every incremental pass into a full one, and a change carrying the very timestamp already read must still be seen.
 */
class ModifyTimestampOverlapTest {

	static final String BASE = ModifyTimestampSyncTest.BASE;

	static final String PEOPLE = "ou=people," + BASE;

	static final int MAX_INCREMENTAL_CHANGES = 50;

	/** One-second resolution, as OpenLDAP and Active Directory write it. */
	static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

	private TestDirectory directory;

	private SyncFixture sync;

	@BeforeEach
	void start() {
		this.directory = TestDirectory.start(DirectoryFlavour.OPENLDAP, "classpath:directories/sync-openldap.ldif",
				BASE);
		this.sync = new SyncFixture(ModifyTimestampSyncTest.commune(this.directory), this.directory.url(),
				SyncFixture.settings(Duration.ofMinutes(10), MAX_INCREMENTAL_CHANGES));
	}

	@AfterEach
	void stop() {
		this.sync.close();
		this.directory.close();
	}

	@Test
	void bulkLoadSharingTheOverlapStaysIncremental() throws Exception {
		// 300 agents loaded in one second, 3 s before now: within the overlap of the cursor (the newest timestamp).
		Instant loadSecond = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3);
		try (LDAPConnection admin = this.sync.admin()) {
			for (int i = 0; i < 300; i++) {
				admin.add(stamped(agent("bulk" + i, PEOPLE), loadSecond));
			}
			// And former agents archived outside the user base, which incremental passes read too.
			for (int i = 0; i < 60; i++) {
				admin.add(stamped(agent("archive" + i, "ou=anciens," + BASE), loadSecond));
			}
		}
		// The full pass starts once that second is settled: a later change would carry a later timestamp.
		sleepUntil(loadSecond.plusSeconds(1).plus(ModifyTimestampChanges.OVERLAP).plusMillis(200));
		CommuneSyncStatus full = this.sync.passUp();
		assertThat(full.agents()).isEqualTo(312);

		CommuneSyncStatus previous = full;
		for (int pass = 0; pass < 3; pass++) {
			CommuneSyncStatus incremental = this.sync.pass();
			assertThat(incremental.lastSuccess()).as("incremental pass %d succeeded", pass)
				.isAfter(previous.lastSuccess());
			assertThat(incremental.lastFullPass()).as("no full pass after it").isEqualTo(full.lastFullPass());
			previous = incremental;
		}
		assertThat(passes("full_pass_needed")).isZero();

		// A change to one of them is still seen, incrementally.
		try (LDAPConnection admin = this.sync.admin()) {
			admin.modify("uid=bulk150," + PEOPLE, new Modification(ModificationType.REPLACE, "employeeType",
					"inactive"));
		}
		CommuneSyncStatus changed = this.sync.passUp();
		assertThat(changed.lastFullPass()).isEqualTo(full.lastFullPass());
		assertThat(this.sync.events.all()).singleElement().satisfies((DirectoryEvent event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.DISABLED);
			assertThat(event.uniqueId()).isEqualTo(this.sync.agent("bulk150").orElseThrow().uniqueId());
		});
		assertThat(passes("full_pass_needed")).isZero();
	}

	@Test
	void changeCarryingTheTimestampAlreadyReadIsSeen() throws Exception {
		try (LDAPConnection admin = this.sync.admin()) {
			admin.modify("uid=adurand," + PEOPLE, new Modification(ModificationType.REPLACE, "title", "Officier"));
		}
		this.sync.passUp();
		// On a server with one-second resolution, a change in the second of the read keeps the timestamp read: the
		// entry is replaced by one with the same entryUUID and modifyTimestamp, now disabled.
		try (LDAPConnection admin = this.sync.admin()) {
			Entry alice = admin.getEntry("uid=adurand," + PEOPLE, "*", "entryUUID", "modifyTimestamp");
			admin.delete(alice.getDN());
			Entry disabled = alice.duplicate();
			disabled.setAttribute("employeeType", "inactive");
			AddRequest replace = new AddRequest(disabled);
			replace.addControl(new IgnoreNoUserModificationRequestControl());
			admin.add(replace);
			assertThat(admin.getEntry(alice.getDN(), "modifyTimestamp").getAttributeValue("modifyTimestamp"))
				.isEqualTo(alice.getAttributeValue("modifyTimestamp"));
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).extracting(DirectoryEvent::type).containsExactly(DirectoryEventType.DISABLED);
		assertThat(this.sync.agent("adurand").orElseThrow().enabled()).isFalse();
	}

	@Test
	void moreNewChangesThanTheLimitStillGoToAFullPass() throws Exception {
		CommuneSyncStatus full = this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			for (int i = 0; i <= MAX_INCREMENTAL_CHANGES; i++) {
				admin.add(agent("new" + i, PEOPLE));
			}
		}

		this.sync.pass();
		assertThat(passes("full_pass_needed")).isEqualTo(1);
		CommuneSyncStatus next = this.sync.passUp();

		assertThat(next.lastFullPass()).isAfter(full.lastFullPass());
		assertThat(next.agents()).isEqualTo(12 + MAX_INCREMENTAL_CHANGES + 1);
	}

	private long passes(String outcome) {
		Timer timer = this.sync.meters.find(SyncMetrics.PASSES).tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static Entry agent(String login, String parent) {
		Entry entry = new Entry("uid=" + login + "," + parent);
		entry.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson");
		entry.addAttribute("uid", login);
		entry.addAttribute("cn", "Agent " + login);
		entry.addAttribute("sn", login);
		return entry;
	}

	/** Added as a bulk import would, with its timestamp (and an entryUUID, which the control then requires). */
	private static AddRequest stamped(Entry entry, Instant at) {
		entry.addAttribute("modifyTimestamp", SECONDS.format(at));
		entry.addAttribute("entryUUID", UUID.randomUUID().toString());
		AddRequest add = new AddRequest(entry);
		add.addControl(new IgnoreNoUserModificationRequestControl());
		return add;
	}

	private static void sleepUntil(Instant at) throws InterruptedException {
		long millis = Duration.between(Instant.now(), at).toMillis();
		if (millis > 0) {
			Thread.sleep(millis);
		}
	}

}
