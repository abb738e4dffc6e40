package fr.sesame.directory.connector;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;
import fr.sesame.directory.connector.AuthenticationOutcome.Refused;
import fr.sesame.directory.support.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;

class HostileLoginInputTest {

	private static TestDirectory directory;

	private static DirectoryConnector connector;

	@BeforeAll
	static void start() {
		directory = TestDirectory.openLdap();
		connector = directory.commune("test-openldap").connector();
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

	@ParameterizedTest
	@NullAndEmptySource
	void emptyPasswordIsRefusedBeforeAnyBindOrSearch(String password) {
		assertThat(connector.authenticate("hlefevre", password)).isEqualTo(new Refused(Refusal.INVALID_INPUT));
		assertThat(directory.binds()).isEmpty();
		assertThat(directory.searches()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", "*)(uid=*", "\\", "(|(objectClass=*))", "hlefevre)(|(uid=*", "hlefevre*", "h*e",
			"*)(objectClass=*))(|(uid=*" })
	void filterMetacharactersMatchNoOneAndNeverReachAnAgentBind(String login) throws LDAPException {
		assertThat(connector.authenticate(login, TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.BAD_CREDENTIALS));

		// The only bind is the dummy one that gives unknown logins the cost of a wrong password.
		assertThat(directory.agentBinds()).singleElement()
			.satisfies((dn) -> assertThat(dn).startsWith("cn=sesame-absent-"));
		// The directory received one equality assertion holding exactly what was typed: escaped, not interpreted.
		assertThat(directory.searches()).hasSize(1);
		Filter received = Filter.create(directory.searches().get(0));
		assertThat(received.getComponents()).hasSize(2);
		Filter byLogin = received.getComponents()[1];
		assertThat(byLogin.getFilterType()).isEqualTo(Filter.FILTER_TYPE_EQUALITY);
		assertThat(byLogin.getAttributeName()).isEqualTo("uid");
		assertThat(byLogin.getAssertionValue()).isEqualTo(login);
	}

	@ParameterizedTest
	@ValueSource(strings = { "hlefevre\u0000", "\u0000", "hle\nfevre", "hlefevre\r", "\u007f", "h\u2028" })
	void controlCharactersAreInvalidInputThatNeverReachesTheDirectory(String login) {
		assertThat(connector.authenticate(login, TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.INVALID_INPUT));
		assertThat(directory.binds()).isEmpty();
		assertThat(directory.searches()).isEmpty();
	}

	@Test
	void tenThousandCharacterLoginIsInvalidInputThatNeverReachesTheDirectory() {
		assertThat(connector.authenticate("a".repeat(10_000), TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.INVALID_INPUT));
		assertThat(connector.findByLogin("a".repeat(10_000))).isEmpty();
		assertThat(directory.binds()).isEmpty();
		assertThat(directory.searches()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   " })
	void blankLoginIsInvalidInput(String login) {
		assertThat(connector.authenticate(login, TestDirectory.AGENT_PASSWORD))
			.isEqualTo(new Refused(Refusal.INVALID_INPUT));
		assertThat(directory.searches()).isEmpty();
	}

	@Test
	void passwordLongerThanAnyPolicyIsInvalidInput() {
		assertThat(connector.authenticate("hlefevre", "p".repeat(LoginInput.MAX_PASSWORD_LENGTH + 1)))
			.isEqualTo(new Refused(Refusal.INVALID_INPUT));
		assertThat(directory.binds()).isEmpty();
	}

}
