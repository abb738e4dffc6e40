package fr.sesame.directory.sync;

import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RootDSE;
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
 * An Active-Directory-style directory whose in-memory server keeps uSNChanged, highestCommittedUSN and tombstones as
 * a domain controller does: incremental passes read changes by update sequence number, tombstones included.
 */
class ActiveDirectorySyncTest {

	static final String BASE = "DC=valdore-ad,DC=fr";

	static final String AGENTS = "OU=Agents," + BASE;

	private TestDirectory directory;

	private SyncFixture sync;

	@BeforeEach
	void start() {
		this.directory = TestDirectory.start(DirectoryFlavour.ACTIVE_DIRECTORY,
				"classpath:directories/sync-active-directory.ldif", BASE);
		this.sync = new SyncFixture(commune(this.directory), this.directory.url(), SyncFixture.settings());
	}

	@AfterEach
	void stop() {
		this.sync.close();
		this.directory.close();
	}

	static CommuneConfig commune(TestDirectory directory) {
		return directory.commune("valdore-ad")
			.set("role-mappings.portail.agent[0]", "agents")
			.set("role-mappings.portail.officier[0]", "etat-civil");
	}

	@Test
	void fullPassResolvesNestedGroupsAndStartsFromTheHighestCommittedUsn() throws Exception {
		CommuneSyncStatus status = this.sync.passUp();

		assertThat(status.strategy()).as("no tombstone yet").isEqualTo("usn+presence");
		assertThat(status.agents()).isEqualTo(12);
		IndexedAgent bruno = this.sync.agent("bmartin").orElseThrow();
		assertThat(bruno.uniqueId()).isEqualTo("ad000000-0000-4000-8000-000000000002");
		assertThat(bruno.groups()).containsExactly("agents", "etat-civil", "mariages");
		assertThat(bruno.roles()).isEqualTo(Map.of("portail", List.of("agent", "officier")));
		try (LDAPConnection admin = this.sync.admin()) {
			RootDSE root = admin.getRootDSE();
			assertThat(root.getAttributeValueAsLong("highestCommittedUSN")).isEqualTo(20021);
		}
	}

	@Test
	void disabledAccountIsALeaver() throws Exception {
		this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			admin.modify("CN=Louis Roux," + AGENTS, new Modification(ModificationType.REPLACE, "userAccountControl",
					"514"));
			assertThat(admin.getEntry("CN=Louis Roux," + AGENTS, "uSNChanged").getAttributeValueAsLong("uSNChanged"))
				.isEqualTo(20022);
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.DISABLED);
			assertThat(event.uniqueId()).isEqualTo("ad000000-0000-4000-8000-00000000000c");
		});
		assertThat(this.sync.agent("lroux").orElseThrow().enabled()).isFalse();
		this.sync.passUp();
		assertThat(this.sync.events.all()).as("changes are read once").hasSize(1);
	}

	@Test
	void leavingANestedGroupRevokesEveryRoleItGranted() throws Exception {
		this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			admin.modify("CN=mariages,OU=Groupes," + BASE,
					new Modification(ModificationType.DELETE, "member", "CN=Bruno Martin," + AGENTS));
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).singleElement().satisfies((DirectoryEvent event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.ROLES_REVOKED);
			assertThat(event.rolesLost()).isEqualTo(Map.of("portail", List.of("agent", "officier")));
		});
		assertThat(this.sync.agent("bmartin").orElseThrow().groups()).isEmpty();
	}

	@Test
	void joiningANestedGroupGrantsItsRolesWithoutEvent() throws Exception {
		this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			admin.modify("CN=mariages,OU=Groupes," + BASE,
					new Modification(ModificationType.ADD, "member", "CN=Chloé Petit," + AGENTS));
		}

		this.sync.passUp();

		assertThat(this.sync.agent("cpetit").orElseThrow().rolesFor("portail")).containsExactly("agent", "officier");
		assertThat(this.sync.events.all()).isEmpty();
	}

	@Test
	void deletedAgentIsSeenByItsTombstone() throws Exception {
		this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			admin.delete("CN=Karine Bertrand," + AGENTS);
		}

		CommuneSyncStatus status = this.sync.passUp();

		assertThat(status.lastFullPass()).as("an incremental pass saw it").isBefore(status.lastSuccess());
		assertThat(this.sync.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.DELETED);
			assertThat(event.uniqueId()).isEqualTo("ad000000-0000-4000-8000-00000000000b");
		});
		assertThat(this.sync.agent("kbertrand")).isEmpty();
	}

	@Test
	void agentMovedToAnotherOuLeavesTheScopeAndARenameKeepsTheGroups() throws Exception {
		this.sync.passUp();
		try (LDAPConnection admin = this.sync.admin()) {
			admin.modifyDN("CN=Jules David," + AGENTS, "CN=Jules David", true, "OU=Anciens," + BASE);
			admin.modifyDN("CN=Alice Durand," + AGENTS, "CN=Alice Durand-Leclerc", true);
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.OUT_OF_SCOPE);
			assertThat(event.uniqueId()).isEqualTo("ad000000-0000-4000-8000-00000000000a");
		});
		IndexedAgent alice = this.sync.agent("adurand").orElseThrow();
		assertThat(alice.dn()).isEqualTo("CN=Alice Durand-Leclerc," + AGENTS);
		assertThat(alice.rolesFor("portail")).containsExactly("agent", "officier");
	}

}
