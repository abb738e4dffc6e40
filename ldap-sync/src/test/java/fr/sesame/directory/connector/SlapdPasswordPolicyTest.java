package fr.sesame.directory.connector;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.sesame.directory.connector.AuthenticationOutcome.Authenticated;
import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;
import fr.sesame.directory.connector.AuthenticationOutcome.Refused;
import fr.sesame.directory.support.Slapd;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-in against Debian's OpenLDAP with the password policy overlay (ppolicy), as communes run it: an account the
 * policy locked after failed binds, the same account once the lockout has run out, and a password an administrator
 * reset, which the agent must change before using.
 */
class SlapdPasswordPolicyTest {

	static final String BASE = "dc=valdore,dc=fr";

	static final String PEOPLE = "ou=people," + BASE;

	static final String PASSWORD = "Motdepasse-1";

	static final String POLICIES = "ou=policies," + BASE;

	/**
	 * How long the policies lock an account at first: long enough that a slow machine never sees a lock run out
	 * before the test has looked at it.
	 */
	static final String LOCKOUT_SECONDS = "600";

	private static Slapd slapd;

	private static DirectoryConnector connector;

	@BeforeAll
	static void startSlapd() throws LDAPException {
		slapd = Slapd.withPasswordPolicy(BASE, "classpath:directories/sync-openldap.ldif");
		try (LDAPConnection admin = slapd.admin()) {
			admin.add(POLICIES, new Attribute("objectClass", "organizationalUnit"), new Attribute("ou", "policies"));
			addPolicy(admin, "default");
			addPolicy(admin, "runs-out");
		}
		connector = slapd.valdore().connector();
	}

	@AfterAll
	static void stopSlapd() {
		if (connector != null) {
			connector.close();
		}
		if (slapd != null) {
			slapd.close();
		}
	}

	@Test
	void anAccountThePolicyLockedIsRefusedAsLockedThenLetInOnceTheLockoutEnds() throws Exception {
		String cpetit = "uid=cpetit," + PEOPLE;
		String policy = "cn=runs-out," + POLICIES;
		try (LDAPConnection admin = slapd.admin()) {
			admin.modify(cpetit, new Modification(ModificationType.REPLACE, "pwdPolicySubentry", policy));
		}
		lockOut(cpetit);

		assertThat(connector.authenticate("cpetit", PASSWORD)).isEqualTo(new Refused(Refusal.LOCKED));

		// slapd weighs the lock against the policy at each bind: a one-second lockout has ended two seconds later,
		// however slow the machine.
		try (LDAPConnection admin = slapd.admin()) {
			admin.modify(policy, new Modification(ModificationType.REPLACE, "pwdLockoutDuration", "1"));
		}
		Thread.sleep(2000);
		assertThat(connector.authenticate("cpetit", PASSWORD)).isInstanceOf(Authenticated.class);
	}

	@Test
	void slapdSaysLockedWhateverThePasswordWhichTheLoginPageShowsAsAWrongPassword() throws Exception {
		lockOut("uid=dleroy," + PEOPLE);

		// The refusal is the directory's word, for the audit trail and metrics; the login page gives the same message
		// for it as for a wrong password (CommuneSignInTest.lockedAccountSaysNoMoreThanAWrongPassword).
		assertThat(connector.authenticate("dleroy", "Motdepasse-2")).isEqualTo(new Refused(Refusal.LOCKED));
	}

	@Test
	void anAdministratorsPermanentLockRefuses() throws Exception {
		// 000001010000Z: locked until an administrator unlocks, whatever the lockout duration.
		try (LDAPConnection admin = slapd.admin()) {
			admin.modify("uid=glaurent," + PEOPLE,
					new Modification(ModificationType.REPLACE, "pwdAccountLockedTime", "000001010000Z"));
		}

		assertThat(connector.authenticate("glaurent", PASSWORD)).isEqualTo(new Refused(Refusal.LOCKED));
	}

	@Test
	void aPasswordResetByAnAdministratorMustBeChangedFirst() throws Exception {
		try (LDAPConnection admin = slapd.admin()) {
			admin.modify("uid=emoreau," + PEOPLE,
					new Modification(ModificationType.REPLACE, "userPassword", PASSWORD),
					new Modification(ModificationType.REPLACE, "pwdReset", "TRUE"));
		}

		assertThat(connector.authenticate("emoreau", PASSWORD)).isEqualTo(new Refused(Refusal.EXPIRED));
	}

	@Test
	void anAccountWithoutPolicyEventsSignsIn() {
		assertThat(connector.authenticate("adurand", PASSWORD)).isInstanceOf(Authenticated.class);
	}

	private static void addPolicy(LDAPConnection admin, String name) throws LDAPException {
		admin.add("cn=" + name + "," + POLICIES, new Attribute("objectClass", "device", "pwdPolicy"),
				new Attribute("cn", name), new Attribute("pwdAttribute", "userPassword"),
				new Attribute("pwdMaxFailure", "3"), new Attribute("pwdLockout", "TRUE"),
				new Attribute("pwdLockoutDuration", LOCKOUT_SECONDS), new Attribute("pwdMustChange", "TRUE"));
	}

	/** As the policy would: failed binds straight at slapd, up to pwdMaxFailure. */
	private static void lockOut(String dn) throws LDAPException {
		for (int i = 0; i < 3; i++) {
			try (LDAPConnection connection = new LDAPConnection("127.0.0.1", port())) {
				connection.bind(dn, "wrong-" + i);
			}
			catch (LDAPException expected) {
				// invalidCredentials
			}
		}
		try (LDAPConnection admin = slapd.admin()) {
			assertThat(admin.getEntry(dn, "pwdAccountLockedTime").hasAttribute("pwdAccountLockedTime"))
				.as("slapd locked " + dn)
				.isTrue();
		}
	}

	private static int port() {
		return Integer.parseInt(slapd.url().substring(slapd.url().lastIndexOf(':') + 1));
	}

}
