package fr.sesame.directory.sync;

import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.support.CommuneConfig;
import fr.sesame.directory.support.Slapd;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's OpenLDAP with the syncprov overlay: incremental passes use LDAP Content Synchronization (RFC 4533,
 * refreshOnly), which reports changes, deletions and entries leaving the user base without waiting for a
 * reconciliation. One slapd for the class; each test changes other agents.
 */
class ContentSyncWithSlapdTest {

	static final String BASE = "dc=valdore,dc=fr";

	static final String PEOPLE = "ou=people," + BASE;

	private static Slapd slapd;

	private SyncFixture sync;

	@BeforeAll
	static void startSlapd() {
		slapd = Slapd.start(BASE, "classpath:directories/sync-openldap.ldif");
	}

	@AfterAll
	static void stopSlapd() {
		if (slapd != null) {
			slapd.close();
		}
	}

	@BeforeEach
	void fullPass() {
		CommuneConfig commune = slapd.valdore()
			.set("disabled-filter", "(employeeType=inactive)")
			.set("role-mappings.portail.agent[0]", "agents")
			.set("role-mappings.portail.officier[0]", "etat-civil");
		this.sync = new SyncFixture(commune, slapd.url(), SyncFixture.settings());
		CommuneSyncStatus status = this.sync.passUp();
		assertThat(status.strategy()).isEqualTo("content-sync");
	}

	@AfterEach
	void close() {
		this.sync.close();
	}

	@Test
	void fullPassIndexesWhatSlapdHolds() throws Exception {
		try (LDAPConnection admin = slapd.admin()) {
			int people = admin.search(PEOPLE, SearchScope.ONE, "(objectClass=inetOrgPerson)").getEntryCount();
			assertThat(this.sync.agents()).isEqualTo(people).isGreaterThan(5);
		}
		assertThat(this.sync.agent("glaurent").orElseThrow().roles()).isEqualTo(Map.of("portail", List.of("agent")));
		this.sync.passUp();
		assertThat(this.sync.events.all()).isEmpty();
	}

	@Test
	void disabledAgentIsReportedByContentSynchronisation() throws Exception {
		String id = this.sync.agent("bmartin").orElseThrow().uniqueId();
		try (LDAPConnection admin = slapd.admin()) {
			admin.modify("uid=bmartin," + PEOPLE, new Modification(ModificationType.REPLACE, "employeeType",
					"inactive"));
		}

		CommuneSyncStatus status = this.sync.passUp();

		assertThat(status.lastFullPass()).isBefore(status.lastSuccess());
		assertThat(this.sync.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.DISABLED);
			assertThat(event.uniqueId()).isEqualTo(id);
		});
		this.sync.passUp();
		assertThat(this.sync.events.all()).as("the cookie moved on").hasSize(1);
	}

	@Test
	void deletedAgentIsReportedAtOnce() throws Exception {
		String id = this.sync.agent("emoreau").orElseThrow().uniqueId();
		try (LDAPConnection admin = slapd.admin()) {
			admin.delete("uid=emoreau," + PEOPLE);
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.DELETED);
			assertThat(event.uniqueId()).isEqualTo(id);
		});
		assertThat(this.sync.agent("emoreau")).isEmpty();
	}

	@Test
	void agentMovedOutOfTheUserBaseLeavesTheScope() throws Exception {
		String id = this.sync.agent("dleroy").orElseThrow().uniqueId();
		try (LDAPConnection admin = slapd.admin()) {
			admin.modifyDN("uid=dleroy," + PEOPLE, "uid=dleroy", true, "ou=anciens," + BASE);
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.OUT_OF_SCOPE);
			assertThat(event.uniqueId()).isEqualTo(id);
		});
	}

	@Test
	void groupChangesMoveRoles() throws Exception {
		String alice = this.sync.agent("adurand").orElseThrow().uniqueId();
		try (LDAPConnection admin = slapd.admin()) {
			admin.modify("cn=etat-civil,ou=groups," + BASE,
					new Modification(ModificationType.DELETE, "member", "uid=adurand," + PEOPLE),
					new Modification(ModificationType.ADD, "member", "uid=hmichel," + PEOPLE));
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).singleElement().satisfies((DirectoryEvent event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.ROLES_REVOKED);
			assertThat(event.uniqueId()).isEqualTo(alice);
			assertThat(event.rolesLost()).isEqualTo(Map.of("portail", List.of("officier")));
		});
		assertThat(this.sync.agent("hmichel").orElseThrow().rolesFor("portail")).containsExactly("agent", "officier");
	}

}
