package fr.sesame.directory.connector;

import java.time.Instant;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.connector.AuthenticationOutcome.Authenticated;
import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;
import fr.sesame.directory.connector.AuthenticationOutcome.Refused;
import fr.sesame.directory.support.SambaDomainController;

import static fr.sesame.directory.support.SambaDomainController.BASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in against a real Active Directory domain controller (Samba): the {@code active-directory} flavour's defaults
 * as a commune would write them, StartTLS and LDAPS with the domain's own certificate authority, the Win32 codes a
 * domain controller puts in a refused bind, nested groups, and {@code objectGUID} read in the order AD itself uses
 * (checked by asking the domain controller for {@code <GUID=…>}).
 */
class SambaActiveDirectoryTest {

	static final String PASSWORD = "Motdepasse-1";

	static final String WRONG = "Motdepasse-2";

	private static SambaDomainController dc;

	private static DirectoryConnector connector;

	@BeforeAll
	static void startDomainController() throws LDAPException {
		dc = SambaDomainController.start();
		String agents = SambaDomainController.AGENTS;
		String jean = dc.addUser(agents, "jdupont", "Jean", "Dupont", PASSWORD,
				new Attribute("userPrincipalName", "jean.dupont@montclair.fr"),
				new Attribute("mail", "jean.dupont@montclair.fr"));
		String zoe = dc.addUser(agents, "zdarc", "Zoé", "D'Arc-Rousseau", PASSWORD);
		String disabled = dc.addUser(agents, "desactive", "Paul", "Désactivé", PASSWORD);
		dc.replace(disabled, "userAccountControl", "514");
		String expired = dc.addUser(agents, "expire", "Anne", "Expirée", PASSWORD);
		dc.replace(expired, "accountExpires", fileTime(Instant.now().minusSeconds(86_400)));
		String never = dc.addUser(agents, "jamais", "Luc", "Toujours", PASSWORD);
		dc.replace(never, "accountExpires", "0");
		String reset = dc.addUser(agents, "renouveler", "Marc", "Renouvelé", PASSWORD);
		dc.replace(reset, "pwdLastSet", "0");
		String locked = dc.addUser(agents, "verrouille", "Lise", "Verrouillée", PASSWORD);
		try (LDAPConnection admin = dc.admin()) {
			admin.add("CN=POSTE01," + agents, new Attribute("objectClass", "computer"),
					new Attribute("sAMAccountName", "POSTE01$"),
					new Attribute("unicodePwd", SambaDomainController.unicodePassword(PASSWORD)),
					new Attribute("userAccountControl", "4096"));
		}
		String groups = SambaDomainController.GROUPS;
		String mariages = dc.addGroup(groups, "mariages", zoe);
		String etatCivil = dc.addGroup(groups, "etat-civil", mariages);
		dc.addGroup(groups, "agents", jean, etatCivil);
		lockOut(locked);
		connector = dc.commune().connector();
	}

	@AfterAll
	static void stopDomainController() {
		if (connector != null) {
			connector.close();
		}
		if (dc != null) {
			dc.close();
		}
	}

	@Test
	void agentSignsInOverStartTlsWithTheGuidTheDomainControllerKnows() throws LDAPException {
		Agent agent = authenticated(connector, "jdupont");

		assertThat(agent.login()).isEqualTo("jdupont");
		assertThat(agent.displayName()).isEqualTo("Jean Dupont");
		assertThat(agent.email()).isEqualTo("jean.dupont@montclair.fr");
		assertThat(agent.groups()).containsExactly("agents");
		try (LDAPConnection admin = dc.admin()) {
			SearchResultEntry byGuid = admin.getEntry("<GUID=" + agent.uniqueId() + ">", "sAMAccountName");
			assertThat(byGuid).as("the domain controller finds the agent by the GUID Sésame read").isNotNull();
			assertThat(byGuid.getAttributeValue("sAMAccountName")).isEqualTo("jdupont");
		}
	}

	@Test
	void ldapsWorksAsWellTrustingTheDomainsCaAsAPemFile() {
		try (UnboundIdDirectoryConnector overLdaps = dc.commune()
			.set("urls[0]", dc.ldapsUrl())
			.remove("transport")
			.set("trust-store.path", dc.certificateAuthority().toString())
			.remove("trust-store.password")
			.set("trust-store.type", "PEM")
			.connector()) {
			assertThat(authenticated(overLdaps, "jdupont").login()).isEqualTo("jdupont");
		}
	}

	@Test
	void basesAtTheDomainRootWorkThoughTheDomainControllerAnswersWithReferrals() {
		// A subtree search from the root meets the DNS partitions, which a domain controller answers with referrals.
		try (UnboundIdDirectoryConnector fromTheRoot = dc.commune()
			.set("user-base", BASE)
			.set("group-base", BASE)
			.connector()) {
			Agent zoe = authenticated(fromTheRoot, "zdarc");
			assertThat(zoe.groups()).containsExactlyInAnyOrder("mariages", "etat-civil", "agents");
		}
	}

	@Test
	void userPrincipalNameAndLoginAtTheCommuneDomainSignIn() {
		String id = authenticated(connector, "jdupont").uniqueId();

		assertThat(authenticated(connector, "jean.dupont@montclair.fr").uniqueId()).isEqualTo(id);
		assertThat(authenticated(connector, "jdupont@montclair.fr").uniqueId()).isEqualTo(id);
	}

	@Test
	void nestedGroupsGiveEveryAncestor() {
		Agent zoe = authenticated(connector, "zdarc");

		assertThat(zoe.familyName()).isEqualTo("D'Arc-Rousseau");
		assertThat(zoe.givenName()).isEqualTo("Zoé");
		assertThat(zoe.groups()).containsExactlyInAnyOrder("mariages", "etat-civil", "agents");
	}

	@Test
	void wrongPasswordAndUnknownLoginAreBadCredentials() {
		assertThat(connector.authenticate("jdupont", WRONG)).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(connector.authenticate("personne", PASSWORD)).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
	}

	@Test
	void disabledAccountIsRefusedAsDisabled() {
		assertThat(connector.authenticate("desactive", PASSWORD)).isEqualTo(new Refused(Refusal.DISABLED));
	}

	@Test
	void accountPastAccountExpiresIsRefusedAsExpired() {
		assertThat(connector.authenticate("expire", PASSWORD)).isEqualTo(new Refused(Refusal.EXPIRED));
	}

	@Test
	void passwordToChangeAtNextLogonIsRefusedAsExpired() {
		assertThat(connector.authenticate("renouveler", PASSWORD)).isEqualTo(new Refused(Refusal.EXPIRED));
	}

	@Test
	void accountExpiresZeroMeansNever() {
		assertThat(connector.authenticate("jamais", PASSWORD)).isInstanceOf(Authenticated.class);
	}

	@Test
	void accountLockedByTheDomainControllerIsRefusedAsLocked() {
		assertThat(connector.authenticate("verrouille", PASSWORD)).isEqualTo(new Refused(Refusal.LOCKED));
	}

	@Test
	void aWrongPasswordTellsNothingAboutTheAccountState() {
		assertThat(connector.authenticate("desactive", WRONG)).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(connector.authenticate("expire", WRONG)).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(connector.authenticate("renouveler", WRONG)).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
	}

	@Test
	void computerAccountsAreNotAgents() {
		assertThat(connector.authenticate("POSTE01$", PASSWORD)).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
	}

	@Test
	void withoutTlsTheDomainControllerRefusesTheServiceAccountAndSignInFailsClosed() {
		try (UnboundIdDirectoryConnector plain = dc.commune().set("transport", "plain").connector()) {
			assertThat(plain.authenticate("jdupont", PASSWORD))
				.isEqualTo(new Refused(Refusal.DIRECTORY_UNAVAILABLE));
			assertThat(plain.status().reachable()).isFalse();
			assertThat(plain.status().detail()).contains("strong");
		}
	}

	/** Locks an account as the domain would: a lockout policy, then failed binds straight at the controller. */
	private static void lockOut(String dn) throws LDAPException {
		dc.replace(BASE, "lockoutThreshold", "3");
		for (int i = 0; i < 3; i++) {
			try (LDAPConnection admin = dc.admin()) {
				admin.bind(dn, WRONG);
			}
			catch (LDAPException expected) {
				// 49, data 52e
			}
		}
		try (LDAPConnection admin = dc.admin()) {
			assertThat(admin.getEntry(dn, "lockoutTime").getAttributeValueAsLong("lockoutTime"))
				.as("the domain controller locked " + dn)
				.isPositive();
		}
	}

	/** AD's FILETIME: 100 ns intervals since 1601-01-01. */
	private static String fileTime(Instant instant) {
		long secondsFrom1601 = instant.getEpochSecond() + 11_644_473_600L;
		return Long.toString(secondsFrom1601 * 10_000_000L);
	}

	private static Agent authenticated(DirectoryConnector connector, String login) {
		AuthenticationOutcome outcome = connector.authenticate(login, PASSWORD);
		assertThat(outcome).as(login).isInstanceOf(Authenticated.class);
		return ((Authenticated) outcome).agent();
	}

}
