package fr.sesame.directory.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.index.IndexedAgent;
import fr.sesame.directory.support.CommuneConfig;
import fr.sesame.directory.support.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An OpenLDAP-style directory that offers neither content synchronisation nor change numbers (the in-memory server):
 * changes are read by modifyTimestamp, deletions by reconciliation.
 */
class ModifyTimestampSyncTest {

	static final String BASE = "dc=valdore,dc=fr";

	private TestDirectory directory;

	private SyncFixture sync;

	@BeforeEach
	void start() {
		this.directory = TestDirectory.start(DirectoryFlavour.OPENLDAP, "classpath:directories/sync-openldap.ldif",
				BASE);
		this.sync = new SyncFixture(commune(this.directory), this.directory.url(),
				SyncFixture.settings(Duration.ofSeconds(1)));
	}

	@AfterEach
	void stop() {
		this.sync.close();
		this.directory.close();
	}

	static CommuneConfig commune(TestDirectory directory) {
		return directory.commune("valdore")
			.set("disabled-filter", "(employeeType=inactive)")
			.set("role-mappings.portail.agent[0]", "agents")
			.set("role-mappings.portail.officier[0]", "etat-civil");
	}

	@Test
	void fullPassIndexesEveryAgentWithGroupsRolesAndState() {
		CommuneSyncStatus status = this.sync.passUp();

		assertThat(status.strategy()).isEqualTo("modify-timestamp");
		assertThat(status.agents()).isEqualTo(12);
		assertThat(this.sync.agents()).isEqualTo(12);
		IndexedAgent alice = this.sync.agent("adurand").orElseThrow();
		assertThat(alice.uniqueId()).isEqualTo("5a1d0000-0000-4000-8000-000000000001");
		assertThat(alice.displayName()).isEqualTo("Alice Durand");
		assertThat(alice.email()).isEqualTo("adurand@valdore.fr");
		assertThat(alice.enabled()).isTrue();
		assertThat(alice.groups()).containsExactly("agents", "etat-civil");
		assertThat(alice.roles()).isEqualTo(Map.of("portail", List.of("agent", "officier")));
		assertThat(this.sync.agent("lroux").orElseThrow().roles()).isEqualTo(Map.of("portail", List.of("agent")));
		assertThat(this.sync.index.state("valdore").orElseThrow().groups()).containsExactly("agents", "etat-civil",
				"rh");
		assertThat(this.sync.index.state("valdore").orElseThrow().synced()).isTrue();
		assertThat(this.sync.events.all()).isEmpty();
	}

	@Test
	void disabledAgentIsALeaver() throws Exception {
		this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			admin.modify("uid=bmartin,ou=people," + BASE,
					new Modification(ModificationType.REPLACE, "employeeType", "inactive"));
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.DISABLED);
			assertThat(event.communeId()).isEqualTo("valdore");
			assertThat(event.uniqueId()).isEqualTo("5a1d0000-0000-4000-8000-000000000002");
		});
		assertThat(this.sync.agent("bmartin").orElseThrow().enabled()).isFalse();
		// Seen again within the overlap: no second event.
		this.sync.passUp();
		assertThat(this.sync.events.all()).hasSize(1);
	}

	@Test
	void leavingARoleGroupRevokesTheRoleAndJoiningOneGrantsIt() throws Exception {
		this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			admin.modify("cn=etat-civil,ou=groups," + BASE,
					new Modification(ModificationType.DELETE, "member", "uid=adurand,ou=people," + BASE),
					new Modification(ModificationType.ADD, "member", "uid=cpetit,ou=people," + BASE));
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).singleElement().satisfies((DirectoryEvent event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.ROLES_REVOKED);
			assertThat(event.uniqueId()).isEqualTo("5a1d0000-0000-4000-8000-000000000001");
			assertThat(event.rolesLost()).isEqualTo(Map.of("portail", List.of("officier")));
		});
		assertThat(this.sync.agent("adurand").orElseThrow().rolesFor("portail")).containsExactly("agent");
		assertThat(this.sync.agent("cpetit").orElseThrow().groups()).containsExactly("agents", "etat-civil", "rh");
		assertThat(this.sync.agent("cpetit").orElseThrow().rolesFor("portail")).containsExactly("agent", "officier");
	}

	@Test
	void agentMovedOutOfTheUserBaseLeavesTheScope() throws Exception {
		this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			admin.modifyDN("uid=dleroy,ou=people," + BASE, "uid=dleroy", true, "ou=anciens," + BASE);
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).extracting(DirectoryEvent::type)
			.containsExactly(DirectoryEventType.OUT_OF_SCOPE);
		assertThat(this.sync.agent("dleroy")).isEmpty();
		assertThat(this.sync.agents()).isEqualTo(11);
	}

	@Test
	void deletedAgentIsFoundByTheNextReconciliation() throws Exception {
		this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			admin.delete("uid=emoreau,ou=people," + BASE);
		}
		this.sync.passUp();
		assertThat(this.sync.events.all()).as("a deletion leaves no modifyTimestamp").isEmpty();

		Thread.sleep(1100);
		CommuneSyncStatus status = this.sync.passUp();

		assertThat(status.lastFullPass()).isEqualTo(status.lastSuccess());
		assertThat(this.sync.events.all()).extracting(DirectoryEvent::type).containsExactly(DirectoryEventType.DELETED);
		assertThat(this.sync.agent("emoreau")).isEmpty();
	}

	@Test
	void newAgentIsIndexedWithoutEvent() throws Exception {
		this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			admin.add("uid=mnouveau,ou=people," + BASE, new Attribute("objectClass", "inetOrgPerson"),
					new Attribute("uid", "mnouveau"), new Attribute("cn", "Marc Nouveau"),
					new Attribute("sn", "Nouveau"));
		}

		this.sync.passUp();

		assertThat(this.sync.agent("mnouveau")).hasValueSatisfying((agent) -> {
			assertThat(agent.enabled()).isTrue();
			assertThat(agent.groups()).isEmpty();
		});
		assertThat(this.sync.events.all()).isEmpty();
	}

}
