package fr.sesame.directory.sync;

import java.util.List;
import java.util.Map;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.directory.connector.AuthenticationOutcome;
import fr.sesame.directory.connector.AuthenticationOutcome.Authenticated;
import fr.sesame.directory.event.DirectoryEvent;
import fr.sesame.directory.event.DirectoryEventType;
import fr.sesame.directory.support.Slapd;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's OpenLDAP where groups are RFC 2307 {@code posixGroup}s, which list their members' logins
 * ({@code memberUid}) instead of their DNs, as many OpenLDAP directories kept for Unix accounts do. Setting
 * {@code attributes.member: memberUid} is all a commune writes: sign-in and synchronisation find the same groups.
 */
class PosixGroupsWithSlapdTest {

	static final String BASE = "dc=valdore,dc=fr";

	static final String POSIX_GROUPS = "ou=posix," + BASE;

	static final String PASSWORD = "Motdepasse-1";

	private static Slapd slapd;

	private SyncFixture sync;

	@BeforeAll
	static void startSlapd() throws LDAPException {
		slapd = Slapd.start(BASE, "classpath:directories/sync-openldap.ldif");
		try (LDAPConnection admin = slapd.admin()) {
			admin.add(POSIX_GROUPS, new Attribute("objectClass", "organizationalUnit"), new Attribute("ou", "posix"));
			addGroup(admin, "agents-unix", 5000, "adurand", "bmartin", "glaurent");
			addGroup(admin, "etat-civil-unix", 5001, "adurand");
			// A group that names no one of ours, and one that names a DN: neither grants anything.
			addGroup(admin, "services-unix", 5002, "www-data");
			addGroup(admin, "mal-renseigne", 5003, "uid=cpetit,ou=people," + BASE);
		}
	}

	@AfterAll
	static void stopSlapd() {
		if (slapd != null) {
			slapd.close();
		}
	}

	@BeforeEach
	void fullPass() {
		this.sync = new SyncFixture(slapd.valdore()
			.set("group-base", POSIX_GROUPS)
			.set("group-filter", "(objectClass=posixGroup)")
			.set("attributes.member", "memberUid")
			.set("role-mappings.portail.agent[0]", "agents-unix")
			.set("role-mappings.portail.officier[0]", "etat-civil-unix"), slapd.url(), SyncFixture.settings());
		this.sync.passUp();
	}

	@AfterEach
	void close() {
		this.sync.close();
	}

	@Test
	void signInFindsTheGroupsThatListTheLogin() {
		assertThat(groupsAtSignIn("adurand")).containsExactlyInAnyOrder("agents-unix", "etat-civil-unix");
		assertThat(groupsAtSignIn("bmartin")).containsExactly("agents-unix");
		assertThat(groupsAtSignIn("cpetit")).isEmpty();
	}

	@Test
	void synchronisationGivesTheSameGroupsAndRoles() {
		assertThat(this.sync.agent("adurand").orElseThrow().groups())
			.containsExactlyInAnyOrder("agents-unix", "etat-civil-unix");
		assertThat(this.sync.agent("adurand").orElseThrow().roles())
			.isEqualTo(Map.of("portail", List.of("agent", "officier")));
		assertThat(this.sync.agent("glaurent").orElseThrow().roles()).isEqualTo(Map.of("portail", List.of("agent")));
		assertThat(this.sync.agent("cpetit").orElseThrow().groups()).isEmpty();
	}

	@Test
	void memberUidChangesMoveRoles() throws Exception {
		String alice = this.sync.agent("adurand").orElseThrow().uniqueId();
		try {
			moveOfficer("adurand", "hmichel");

			this.sync.passUp();

			assertRolesMoved(alice);
		}
		finally {
			moveOfficer("hmichel", "adurand");
		}
	}

	private void assertRolesMoved(String alice) {

		assertThat(this.sync.events.all()).singleElement().satisfies((DirectoryEvent event) -> {
			assertThat(event.type()).isEqualTo(DirectoryEventType.ROLES_REVOKED);
			assertThat(event.uniqueId()).isEqualTo(alice);
			assertThat(event.rolesLost()).isEqualTo(Map.of("portail", List.of("officier")));
		});
		assertThat(this.sync.agent("hmichel").orElseThrow().rolesFor("portail")).containsExactly("officier");
		assertThat(groupsAtSignIn("adurand")).containsExactly("agents-unix");
		assertThat(groupsAtSignIn("hmichel")).containsExactly("etat-civil-unix");
	}

	/** The other tests of the class see the directory as {@link #startSlapd()} left it. */
	private static void moveOfficer(String from, String to) throws LDAPException {
		try (LDAPConnection admin = slapd.admin()) {
			admin.modify("cn=etat-civil-unix," + POSIX_GROUPS,
					new Modification(ModificationType.DELETE, "memberUid", from),
					new Modification(ModificationType.ADD, "memberUid", to));
		}
	}

	private List<String> groupsAtSignIn(String login) {
		AuthenticationOutcome outcome = this.sync.connector.authenticate(login, PASSWORD);
		assertThat(outcome).isInstanceOf(Authenticated.class);
		return ((Authenticated) outcome).agent().groups();
	}

	private static void addGroup(LDAPConnection admin, String name, int gid, String... memberUids)
			throws LDAPException {
		admin.add("cn=" + name + "," + POSIX_GROUPS, new Attribute("objectClass", "posixGroup"),
				new Attribute("cn", name), new Attribute("gidNumber", Integer.toString(gid)),
				new Attribute("memberUid", memberUids));
	}

}
