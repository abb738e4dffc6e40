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

	/** How long the policy locks an account: short, so that a test can wait for the end of it. */
	static final int LOCKOUT_SECONDS = 2;

	private static Slapd slapd;

	private static DirectoryConnector connector;

	@BeforeAll
	static void startSlapd() throws LDAPException {
		Assertions.assertTrue(Slapd.installed(),
				"/usr/sbin/slapd is absent: install Debian's slapd (.ci/run does) to run the OpenLDAP tests");
		slapd = Slapd.withPasswordPolicy(BASE, "classpath:directories/sync-openldap.ldif");
		try (LDAPConnection admin = slapd.admin()) {
			admin.add("ou=policies," + BASE, new Attribute("objectClass", "organizationalUnit"),
					new Attribute("ou", "policies"));
			admin.add("cn=default,ou=policies," + BASE, new Attribute("objectClass", "device", "pwdPolicy"),
					new Attribute("cn", "default"), new Attribute("pwdAttribute", "userPassword"),
					new Attribute("pwdMaxFailure", "3"), new Attribute("pwdLockout", "TRUE"),
					new Attribute("pwdLockoutDuration", Integer.toString(LOCKOUT_SECONDS)),
					new Attribute("pwdMustChange", "TRUE"));
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
		lockOut("uid=cpetit," + PEOPLE);

		assertThat(connector.authenticate("cpetit", PASSWORD)).isEqualTo(new Refused(Refusal.LOCKED));

		Thread.sleep((LOCKOUT_SECONDS + 1) * 1000L);
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
