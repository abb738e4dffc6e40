package fr.sesame.directory.connector;

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

class ActiveDirectoryAuthenticationTest {

	private static TestDirectory directory;

	private static DirectoryConnector connector;

	@BeforeAll
	static void start() {
		directory = TestDirectory.activeDirectory();
		connector = directory.commune("test-ad").connector();
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
	void rightPasswordGivesTheAgentWithItsGuidInActiveDirectoryOrder() {
		Agent agent = authenticated("jdupont");

		assertThat(agent.uniqueId()).isEqualTo("7a3c2b1d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
		assertThat(agent.login()).isEqualTo("jdupont");
		assertThat(agent.displayName()).isEqualTo("Jean Dupont");
		assertThat(agent.email()).isEqualTo("jean.dupont@test-ad.fr");
		assertThat(agent.groups()).containsExactly("agents");
	}

	@Test
	void groupsIncludeEveryAncestorOfNestedGroupsAndSurviveALoop() {
		Agent agent = authenticated("lrousseau");

		assertThat(agent.givenName()).isEqualTo("Zoé");
		assertThat(agent.familyName()).isEqualTo("D'Arc-Rousseau");
		assertThat(agent.groups()).containsExactly("agents", "boucle-a", "boucle-b", "etat-civil", "mariages");
	}

	@Test
	void userPrincipalNameSignsInAsWell() {
		assertThat(authenticated("jean.dupont@test-ad.fr").login()).isEqualTo("jdupont");
	}

	@Test
	void samAccountNameWithTheCommuneDomainSignsIn() {
		// The commune's login domain is test-ad.fr; the UPN of lrousseau happens to match too.
		assertThat(authenticated("jdupont@test-ad.fr").uniqueId()).isEqualTo("7a3c2b1d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
	}

	@Test
	void wrongPasswordIsBadCredentials() {
		assertThat(connector.authenticate("jdupont", "Motdepasse-2")).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
	}

	@Test
	void unknownLoginIsBadCredentialsToo() {
		assertThat(connector.authenticate("personne", "Motdepasse-2")).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(directory.agentBinds()).singleElement()
			.satisfies((dn) -> assertThat(dn).startsWith("cn=sesame-absent-"));
	}

	@Test
	void accountDisabledInUserAccountControlIsRefusedAsDisabled() {
		assertThat(connector.authenticate("desactive", TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.DISABLED));
	}

	@Test
	void accountWithALockoutTimeIsRefusedAsLocked() {
		assertThat(connector.authenticate("verrouille", TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.LOCKED));
	}

	@Test
	void accountPastAccountExpiresIsRefusedAsExpired() {
		assertThat(connector.authenticate("expire", TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.EXPIRED));
	}

	@Test
	void accountExpiresZeroMeansNever() {
		assertThat(connector.authenticate("jamais", TestDirectory.AGENT_PASSWORD)).isInstanceOf(Authenticated.class);
	}

	@Test
	void wrongPasswordOnADisabledAccountSaysOnlyBadCredentials() {
		assertThat(connector.authenticate("desactive", "Motdepasse-2")).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(connector.authenticate("verrouille", "Motdepasse-2"))
			.isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(connector.authenticate("expire", "Motdepasse-2")).isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
	}

	@Test
	void computerAccountsAreNotAgents() {
		assertThat(connector.authenticate("poste01$", TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));
		assertThat(directory.agentBinds()).noneMatch((dn) -> dn.contains("POSTE01"));
	}

	private static Agent authenticated(String login) {
		AuthenticationOutcome outcome = connector.authenticate(login, TestDirectory.AGENT_PASSWORD);
		assertThat(outcome).isInstanceOf(Authenticated.class);
		return ((Authenticated) outcome).agent();
	}

}
