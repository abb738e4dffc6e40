package fr.sesame.directory.connector;

import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.connector.AuthenticationOutcome.Authenticated;
import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;
import fr.sesame.directory.connector.AuthenticationOutcome.Refused;
import fr.sesame.directory.support.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;

class OpenLdapAuthenticationTest {

	private static TestDirectory directory;

	private static DirectoryConnector connector;

	@BeforeAll
	static void start() {
		directory = TestDirectory.openLdap();
		connector = directory.commune("test-openldap").set("disabled-filter", "(employeeType=inactive)").connector();
	}

	@AfterAll
	static void stop() {
		connector.close();
		directory.close();
	}

	@BeforeEach
	void forget() {
		directory.forget();
	}

	@Test
	void rightPasswordGivesTheMappedAgent() {
		AuthenticationOutcome outcome = connector.authenticate("hlefevre", TestDirectory.AGENT_PASSWORD);

		assertThat(outcome).isInstanceOf(Authenticated.class);
		Agent agent = ((Authenticated) outcome).agent();
		assertThat(agent.communeId()).isEqualTo("test-openldap");
		assertThat(agent.uniqueId()).isEqualTo("3f0c1d2e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
		assertThat(agent.dn()).isEqualTo("uid=hlefevre,ou=people,dc=test-openldap,dc=fr");
		assertThat(agent.login()).isEqualTo("hlefevre");
		assertThat(agent.givenName()).isEqualTo("Hélène");
		assertThat(agent.familyName()).isEqualTo("Lefèvre");
		assertThat(agent.displayName()).isEqualTo("Hélène Lefèvre");
		assertThat(agent.email()).isEqualTo("helene.lefevre@test-openldap.fr");
		assertThat(agent.groups()).containsExactly("agents", "etat-civil");
		assertThat(outcome.reason()).isEqualTo("success");
	}

	@Test
	void agentBindsOnceWithItsOwnDnAndNeverRebindsTheServiceAccount() {
		connector.authenticate("hlefevre", TestDirectory.AGENT_PASSWORD);
		connector.authenticate("hlefevre", TestDirectory.AGENT_PASSWORD);

		assertThat(directory.agentBinds()).containsExactly("uid=hlefevre,ou=people,dc=test-openldap,dc=fr",
				"uid=hlefevre,ou=people,dc=test-openldap,dc=fr");
		// The search pool bound at most once per connection, not once per sign-in.
		assertThat(directory.binds().stream().filter(directory.serviceDn()::equalsIgnoreCase).count()).isLessThanOrEqualTo(1);
	}

	@Test
	void loginIsMatchedWithoutRegardToCase() {
		assertThat(connector.authenticate("HLefevre", TestDirectory.AGENT_PASSWORD))
			.isInstanceOf(Authenticated.class);
	}

	@Test
	void wrongPasswordIsBadCredentials() {
		assertThat(connector.authenticate("hlefevre", "Motdepasse-2")).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
	}

	@Test
	void unknownLoginGetsTheSameOutcomeAsAWrongPasswordAfterADummyBind() {
		AuthenticationOutcome outcome = connector.authenticate("inconnu", "Motdepasse-2");

		assertThat(outcome).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(directory.agentBinds()).singleElement()
			.satisfies((dn) -> assertThat(dn).startsWith("cn=sesame-absent-").endsWith(",ou=people,dc=test-openldap,dc=fr"));
	}

	@Test
	void accountMatchingTheDisabledFilterIsRefusedAsDisabled() {
		assertThat(connector.authenticate("inactif", TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.DISABLED));
	}

	@Test
	void wrongPasswordOnADisabledAccountSaysOnlyBadCredentials() {
		assertThat(connector.authenticate("inactif", "Motdepasse-2")).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(connector.authenticate("verrou", "Motdepasse-2")).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(connector.authenticate("perime", "Motdepasse-2")).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
	}

	@Test
	void ppolicyLockedAccountIsRefusedAsLocked() {
		assertThat(connector.authenticate("verrou", TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.LOCKED));
	}

	@Test
	void accountPastItsShadowExpireIsRefusedAsExpired() {
		assertThat(connector.authenticate("perime", TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.EXPIRED));
	}

	@Test
	void accountExpiringInTheFutureSignsIn() {
		assertThat(connector.authenticate("futur", TestDirectory.AGENT_PASSWORD)).isInstanceOf(Authenticated.class);
	}

	@Test
	void loginMatchingTwoEntriesIsRefusedWithoutBindingEither() {
		assertThat(connector.authenticate("homonyme", TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(directory.agentBinds()).allSatisfy((dn) -> assertThat(dn).startsWith("cn=sesame-absent-"));
	}

	@Test
	void findByLoginReadsTheAgentWithoutItsPassword() {
		Optional<Agent> agent = connector.findByLogin("hlefevre");

		assertThat(agent).map(Agent::uniqueId).contains("3f0c1d2e-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
		assertThat(directory.agentBinds()).isEmpty();
		assertThat(connector.findByLogin("inconnu")).isEmpty();
	}

	@Test
	void statusReportsAReachableDirectory() {
		DirectoryStatus status = connector.status();

		assertThat(status.reachable()).isTrue();
		assertThat(status.detail()).isEqualTo("ok");
	}

}
