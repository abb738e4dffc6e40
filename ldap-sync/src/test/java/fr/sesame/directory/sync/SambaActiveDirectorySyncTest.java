package fr.sesame.directory.sync;

import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
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
import fr.sesame.directory.index.IndexedAgent;
import fr.sesame.directory.support.SambaDomainController;

import static fr.sesame.directory.support.SambaDomainController.AGENTS;
import static fr.sesame.directory.support.SambaDomainController.BASE;
import static fr.sesame.directory.support.SambaDomainController.GROUPS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Synchronisation against a real Active Directory domain controller (Samba): update sequence numbers, deletions seen
 * by a service account that may not list tombstones (AD's default) and by one that may, nested groups, and a naming
 * context that holds other partitions (the DNS zones), as every Windows domain does. One domain controller for the
 * class; each test changes other agents.
 */
class SambaActiveDirectorySyncTest {

	private static SambaDomainController dc;

	private SyncFixture sync;

	@BeforeAll
	static void startDomainController() throws LDAPException {
		dc = SambaDomainController.start();
		String[][] agents = { { "adurand", "Alice", "Durand" }, { "bmartin", "Bruno", "Martin" },
				{ "cpetit", "Chloé", "Petit" }, { "dleroy", "Damien", "Le Roy" }, { "emoreau", "Émilie", "Moreau" },
				{ "glaurent", "Gaëlle", "Laurent" }, { "fbernard", "François", "Bernard" },
				{ "imercier", "Inès", "Mercier" } };
		for (String[] agent : agents) {
			dc.addUser(AGENTS, agent[0], agent[1], agent[2], "Motdepasse-1",
					new Attribute("mail", agent[0] + "@montclair.fr"));
		}
		dc.addOrganizationalUnit("Anciens");
		String mariages = dc.addGroup(GROUPS, "mariages", "CN=Bruno Martin," + AGENTS, "CN=Inès Mercier," + AGENTS);
		String etatCivil = dc.addGroup(GROUPS, "etat-civil", mariages, "CN=Alice Durand," + AGENTS);
		dc.addGroup(GROUPS, "agents", etatCivil, "CN=Chloé Petit," + AGENTS, "CN=Damien Le Roy," + AGENTS,
				"CN=Émilie Moreau," + AGENTS, "CN=Gaëlle Laurent," + AGENTS);
	}

	@AfterAll
	static void stopDomainController() {
		if (dc != null) {
			dc.close();
		}
	}

	@BeforeEach
	void fullPass() {
		this.sync = new SyncFixture(dc.commune()
			.set("role-mappings.portail.agent[0]", "agents")
			.set("role-mappings.portail.officier[0]", "etat-civil"), dc.url(), SyncFixture.settings());
		CommuneSyncStatus status = this.sync.passUp();
		assertThat(status.strategy()).as("a plain account cannot list tombstones").isEqualTo("usn+presence");
	}

	@AfterEach
	void close() {
		this.sync.close();
	}

	@Test
	void fullPassIndexesTheAgentsWithTheirNestedRoles() throws LDAPException {
		try (LDAPConnection admin = dc.admin()) {
			assertThat(this.sync.agents()).isEqualTo(
					admin.search(AGENTS, SearchScope.ONE, "(objectClass=user)").getEntryCount()).isGreaterThan(3);
		}
		IndexedAgent ines = this.sync.agent("imercier").orElseThrow();
		assertThat(ines.groups()).containsExactlyInAnyOrder("mariages", "etat-civil", "agents");
		assertThat(ines.roles()).isEqualTo(Map.of("portail", List.of("agent", "officier")));
		try (LDAPConnection admin = dc.admin()) {
			assertThat(admin.getEntry("<GUID=" + ines.uniqueId() + ">", "sAMAccountName")
				.getAttributeValue("sAMAccountName")).isEqualTo("imercier");
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).as("nothing changed").isEmpty();
	}

	@Test
	void accountDisabledInUserAccountControlIsALeaver() throws LDAPException {
		String id = this.sync.agent("cpetit").orElseThrow().uniqueId();
		dc.replace("CN=Chloé Petit," + AGENTS, "userAccountControl", "514");

		CommuneSyncStatus status = this.sync.passUp();

		assertThat(status.lastFullPass()).as("an incremental pass saw it").isBefore(status.lastSuccess());
		assertThat(this.sync.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.DISABLED);
			assertThat(event.uniqueId()).isEqualTo(id);
		});
		assertThat(this.sync.agent("cpetit").orElseThrow().enabled()).isFalse();
		this.sync.passUp();
		assertThat(this.sync.events.all()).as("changes are read once").hasSize(1);
	}

	@Test
	void deletedAgentIsFoundThoughTheServiceAccountCannotListTombstones() throws LDAPException {
		String id = this.sync.agent("emoreau").orElseThrow().uniqueId();
		try (LDAPConnection admin = dc.admin()) {
			admin.delete("CN=Émilie Moreau," + AGENTS);
		}

		CommuneSyncStatus status = this.sync.passUp();

		assertThat(status.lastFullPass()).as("an incremental pass saw it").isBefore(status.lastSuccess());
		assertThat(this.sync.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.DELETED);
			assertThat(event.uniqueId()).isEqualTo(id);
		});
		assertThat(this.sync.agent("emoreau")).isEmpty();
	}

	@Test
	void anAccountAllowedToListTombstonesSeesDeletionsByThem() throws LDAPException {
		// A deletion before the full pass leaves the tombstone that tells the account may list them.
		try (LDAPConnection admin = dc.admin()) {
			admin.delete(dc.addUser(AGENTS, "hpassage", "Hugo", "Passage", "Motdepasse-1"));
		}
		try (SyncFixture administrator = new SyncFixture(dc.commune()
			.set("bind-dn", SambaDomainController.ADMIN_DN)
			.set("bind-password", SambaDomainController.ADMIN_PASSWORD), dc.url(), SyncFixture.settings())) {
			assertThat(administrator.passUp().strategy()).isEqualTo("usn");
			String id = administrator.agent("fbernard").orElseThrow().uniqueId();
			try (LDAPConnection admin = dc.admin()) {
				admin.delete("CN=François Bernard," + AGENTS);
			}

			administrator.passUp();

			assertThat(administrator.events.all()).singleElement().satisfies((event) -> {
				assertThat(event.type()).isEqualTo(DirectoryEventType.DELETED);
				assertThat(event.uniqueId()).isEqualTo(id);
			});
		}
	}

	@Test
	void agentMovedOutOfTheAgentsOuLeavesTheScope() throws LDAPException {
		String id = this.sync.agent("dleroy").orElseThrow().uniqueId();
		try (LDAPConnection admin = dc.admin()) {
			admin.modifyDN("CN=Damien Le Roy," + AGENTS, "CN=Damien Le Roy", true, "OU=Anciens," + BASE);
		}

		this.sync.passUp();

		assertThat(this.sync.events.all()).singleElement().satisfies((event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.OUT_OF_SCOPE);
			assertThat(event.uniqueId()).isEqualTo(id);
		});
	}

	@Test
	void leavingANestedGroupRevokesEveryRoleItGranted() throws LDAPException {
		String id = this.sync.agent("bmartin").orElseThrow().uniqueId();
		dc.modify("CN=mariages," + GROUPS,
				new Modification(ModificationType.DELETE, "member", "CN=Bruno Martin," + AGENTS));

		this.sync.passUp();

		assertThat(this.sync.events.all()).singleElement().satisfies((DirectoryEvent event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.ROLES_REVOKED);
			assertThat(event.uniqueId()).isEqualTo(id);
			assertThat(event.rolesLost()).isEqualTo(Map.of("portail", List.of("agent", "officier")));
		});
		assertThat(this.sync.agent("bmartin").orElseThrow().groups()).isEmpty();
	}

	@Test
	void joiningANestedGroupGrantsItsRoles() throws LDAPException {
		dc.modify("CN=etat-civil," + GROUPS,
				new Modification(ModificationType.ADD, "member", "CN=Gaëlle Laurent," + AGENTS));

		this.sync.passUp();

		assertThat(this.sync.agent("glaurent").orElseThrow().rolesFor("portail")).containsExactly("agent",
				"officier");
		assertThat(this.sync.events.all()).isEmpty();
	}

}
