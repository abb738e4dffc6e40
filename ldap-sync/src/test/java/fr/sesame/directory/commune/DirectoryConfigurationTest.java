package fr.sesame.directory.commune;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import fr.sesame.directory.autoconfigure.CommuneDirectoriesAutoConfiguration;
import fr.sesame.directory.commune.CommuneDirectoryProperties.Transport;
import fr.sesame.directory.connector.ServiceAccountPassword;
import fr.sesame.directory.flavour.AttributeMapping;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.support.CommuneConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DirectoryConfigurationTest {

	private static final String SECRET = "Tr3s-Secret-Bind";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CommuneDirectoriesAutoConfiguration.class));

	@Test
	void idOutsideItsPatternFailsStartupNamingTheKey() {
		assertThat(startupFailure(valid("rivebelle").set("id", "Rive Belle")))
			.contains("communes[0].id")
			.contains("id must be 2 to 40 characters among a-z, 0-9 and '-'");
	}

	@Test
	void duplicateIdsFailStartupNamingBothEntries() {
		assertThat(startupFailure(valid("rivebelle"), valid("rivebelle").set("login-domains[0]", "autre.fr")))
			.contains("sesame.directory.communes[1].id: 'rivebelle' is already the id of sesame.directory.communes[0]");
	}

	@Test
	void loginDomainOfTwoCommunesFailsStartupWhateverItsCase() {
		assertThat(startupFailure(valid("rivebelle"), valid("montclair").set("login-domains[0]", "Rivebelle.FR")))
			.contains("sesame.directory.communes[1].login-domains: 'Rivebelle.FR' is already a login domain of "
					+ "sesame.directory.communes[0]");
	}

	@Test
	void serviceAccountWithoutSecretFailsStartup() {
		assertThat(startupFailure(valid("rivebelle").remove("bind-password")))
			.contains("sesame.directory.communes[0].bind-password: the service account needs a secret");
	}

	@Test
	void bothSecretsFailStartupWithoutShowingThePassword(@TempDir Path dir) throws IOException {
		Path file = Files.writeString(dir.resolve("bind"), "other\n");
		String failure = startupFailure(valid("rivebelle").set("bind-password-file", file.toString()));

		assertThat(failure).contains("sesame.directory.communes[0].bind-password-file: set bind-password or "
				+ "bind-password-file, not both");
		assertThat(failure).doesNotContain(SECRET);
	}

	@Test
	void unreadablePasswordFileFailsStartupNamingTheFile() {
		assertThat(startupFailure(valid("rivebelle").remove("bind-password")
			.set("bind-password-file", "/nonexistent/rivebelle-bind")))
			.contains("sesame.directory.communes[0].bind-password-file: '/nonexistent/rivebelle-bind' is not a "
					+ "readable file");
	}

	@Test
	void urlThatIsNotLdapFailsStartup() {
		assertThat(startupFailure(valid("rivebelle").set("urls[0]", "http://ldap.rivebelle.fr")))
			.contains("communes[0].urls[0]")
			.contains("urls must be ldap://host[:port] or ldaps://host[:port]");
	}

	@Test
	void missingUrlsFailStartup() {
		assertThat(startupFailure(valid("rivebelle").remove("urls[0]")))
			.contains("sesame.directory.communes[0].urls: at least one ldap:// or ldaps:// URL is required");
	}

	@Test
	void transportThatContradictsTheUrlsFailsStartup() {
		assertThat(startupFailure(valid("rivebelle").set("transport", "ldaps")))
			.contains("sesame.directory.communes[0].transport: ldaps needs ldaps:// URLs");
		assertThat(startupFailure(valid("rivebelle").set("urls[0]", "ldaps://ldap.rivebelle.fr").set("transport",
				"starttls")))
			.contains("sesame.directory.communes[0].transport: starttls needs ldap:// URLs");
	}

	@Test
	void malformedFilterAndDnFailStartup() {
		String failure = startupFailure(valid("rivebelle").set("user-filter", "objectClass=person")
			.set("disabled-filter", "(employeeType=inactive")
			.set("user-base", "people"));

		assertThat(failure).contains("communes[0].userFilter")
			.contains("user-filter must be an LDAP filter (RFC 4515) such as (objectClass=inetOrgPerson)")
			.contains("disabled-filter must be an LDAP filter")
			.contains("user-base must be a distinguished name");
	}

	@Test
	void unknownFlavourFailsStartupNamingTheKey() {
		assertThat(startupFailure(valid("rivebelle").set("flavour", "novell")))
			.contains("sesame.directory.communes[0].flavour");
	}

	@Test
	void netbiosDomainThatIsNotOneOrTakenTwiceFailsStartup() {
		assertThat(startupFailure(valid("rivebelle").set("netbios-domain", "RIVE BELLE")))
			.contains("communes[0].netbiosDomain")
			.contains("netbios-domain must be a pre-Windows 2000 domain name such as MONTCLAIR");
		assertThat(startupFailure(valid("rivebelle").set("netbios-domain", "RIVEBELLE"),
				valid("montclair").set("netbios-domain", "rivebelle")))
			.contains("sesame.directory.communes[1].netbios-domain: 'rivebelle' is already the netbios-domain of "
					+ "sesame.directory.communes[0]");
	}

	@Test
	void nestedGroupsThatListLoginsFailStartup() {
		assertThat(startupFailure(valid("rivebelle").set("attributes.member", "memberUid").set("nested-groups", "true")))
			.contains("sesame.directory.communes[0].nested-groups: needs groups that list their members by DN");
		assertThat(startupFailure(valid("rivebelle").set("group-members", "login").set("nested-groups", "true")))
			.contains("sesame.directory.communes[0].nested-groups");
	}

	@Test
	void timeoutsPoolAndLockoutOutOfRangeFailStartup() {
		assertThat(startupFailure(valid("rivebelle").set("response-timeout", "0s")
			.set("pool-size", "0")
			.set("lockout-threshold", "0")))
			.contains("response-timeout must be at least 50ms")
			.contains("pool-size must be at least 1")
			.contains("lockout-threshold must be at least 1");
	}

	@Test
	void embeddedDirectoryTakesNoUrls() {
		assertThat(startupFailure(valid("rivebelle").set("embedded.ldif", "classpath:demo/rivebelle.ldif")
			.set("embedded.base-dn", "dc=rivebelle,dc=fr")))
			.contains("sesame.directory.communes[0].urls: must be empty when embedded is set");
	}

	@Test
	void missingLdifFailsStartupNamingTheKey() {
		assertThat(startupFailure(valid("rivebelle").remove("urls[0]")
			.set("embedded.ldif", "classpath:demo/nowhere.ldif")
			.set("embedded.base-dn", "dc=rivebelle,dc=fr")))
			.contains("sesame.directory.communes[0].embedded.ldif: 'classpath:demo/nowhere.ldif' does not exist");
	}

	@Test
	void trustStoreThatCannotBeReadFailsStartupNamingTheKey(@TempDir Path dir) throws IOException {
		Path notAStore = Files.writeString(dir.resolve("rivebelle.p12"), "not a key store");
		String failure = startupFailure(valid("rivebelle").set("urls[0]", "ldaps://ldap1.rivebelle.fr")
			.set("trust-store.path", notAStore.toString())
			.set("trust-store.password", "Store-Secret"));

		assertThat(failure).contains("sesame.directory.communes[0].trust-store: cannot read '" + notAStore + "' as PKCS12")
			.doesNotContain("Store-Secret");
	}

	@Test
	void nothingIsBuiltWithoutCommunes() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CommuneDirectories.class));
	}

	@Test
	void secretsNeverAppearInToString() {
		CommuneDirectoryProperties properties = valid("rivebelle").set("trust-store.path", "/etc/sesame/rivebelle.p12")
			.set("trust-store.password", "Store-Secret")
			.bind();

		assertThat(properties.toString()).doesNotContain(SECRET)
			.doesNotContain("Store-Secret")
			.contains("bindPassword=******")
			.contains("rivebelle");
		assertThat(new DirectoryProperties(List.of(properties)).toString()).doesNotContain(SECRET)
			.doesNotContain("Store-Secret");
		assertThat(properties.trustStore().toString()).doesNotContain("Store-Secret").contains("PKCS12");
	}

	@Test
	void defaultsComeFromTheFlavour() {
		CommuneDirectoryProperties openLdap = valid("rivebelle").bind();
		CommuneDirectoryProperties activeDirectory = valid("montclair").set("flavour", "active-directory").bind();

		assertThat(openLdap.attributeMapping())
			.isEqualTo(new AttributeMapping("uid", "entryUUID", "givenName", "sn", "displayName", "mail", "cn", "member"));
		assertThat(openLdap.effectiveUserFilter()).isEqualTo("(objectClass=inetOrgPerson)");
		assertThat(openLdap.effectiveNestedGroups()).isFalse();
		assertThat(activeDirectory.flavour()).isEqualTo(DirectoryFlavour.ACTIVE_DIRECTORY);
		assertThat(activeDirectory.attributeMapping().login()).isEqualTo("sAMAccountName");
		assertThat(activeDirectory.attributeMapping().uniqueId()).isEqualTo("objectGUID");
		assertThat(activeDirectory.effectiveUserFilter()).isEqualTo("(&(objectClass=user)(!(objectClass=computer)))");
		assertThat(activeDirectory.effectiveNestedGroups()).isTrue();
		assertThat(openLdap.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(openLdap.responseTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(openLdap.poolSize()).isEqualTo(8);
		assertThat(openLdap.lockoutThreshold()).isEqualTo(5);
		assertThat(openLdap.lockoutWindow()).isEqualTo(Duration.ofMinutes(30));
		assertThat(openLdap.effectiveTransport()).isEqualTo(Transport.PLAIN);
	}

	@Test
	void configuredAttributesOverrideTheFlavour() {
		CommuneDirectoryProperties properties = valid("rivebelle").set("attributes.login", "mail")
			.set("attributes.unique-id", "nsUniqueId")
			.set("nested-groups", "true")
			.bind();

		assertThat(properties.attributeMapping().login()).isEqualTo("mail");
		assertThat(properties.attributeMapping().uniqueId()).isEqualTo("nsUniqueId");
		assertThat(properties.attributeMapping().familyName()).isEqualTo("sn");
		assertThat(properties.effectiveNestedGroups()).isTrue();
	}

	@Test
	void roleMappingsBecomeTheCommunesRoles() {
		Commune commune = valid("rivebelle").set("role-mappings.demo-portal.agent[0]", "agents")
			.set("role-mappings.demo-portal.officier-etat-civil[0]", "etat-civil")
			.set("login-domains[0]", "Rivebelle.FR")
			.bind()
			.toCommune();

		assertThat(commune.roleMappings()).containsKey("demo-portal");
		assertThat(commune.roleMappings().get("demo-portal")).containsEntry("agent", List.of("agents"))
			.containsEntry("officier-etat-civil", List.of("etat-civil"));
		assertThat(commune.loginDomains()).containsExactly("rivebelle.fr");
	}

	@Test
	void ldapsUrlsMeanLdapsTransport() {
		assertThat(valid("rivebelle").set("urls[0]", "ldaps://ldap1.rivebelle.fr:636").bind().effectiveTransport())
			.isEqualTo(Transport.LDAPS);
	}

	@Test
	void passwordFileIsReadWithoutItsTrailingNewline(@TempDir Path dir) throws IOException {
		Path file = Files.writeString(dir.resolve("bind"), SECRET + "\n");
		CommuneDirectoryProperties properties = valid("rivebelle").remove("bind-password")
			.set("bind-password-file", file.toString())
			.bind();

		assertThat(ServiceAccountPassword.read(properties, "sesame.directory.communes[0]")).contains(SECRET);
	}

	@Test
	void emptyPasswordFileIsRefusedWithoutItsContent(@TempDir Path dir) throws IOException {
		Path file = Files.writeString(dir.resolve("bind"), "\n");
		CommuneDirectoryProperties properties = valid("rivebelle").remove("bind-password")
			.set("bind-password-file", file.toString())
			.bind();

		assertThatIllegalStateException()
			.isThrownBy(() -> ServiceAccountPassword.read(properties, "sesame.directory.communes[0]"))
			.withMessageContaining("sesame.directory.communes[0].bind-password-file")
			.withMessageContaining("is empty");
	}

	private static CommuneConfig valid(String id) {
		return new CommuneConfig().set("id", id)
			.set("display-name", id)
			.set("login-domains[0]", id + ".fr")
			.set("flavour", "openldap")
			.set("urls[0]", "ldap://ldap1." + id + ".fr:389")
			.set("bind-dn", "cn=sesame,ou=services,dc=" + id + ",dc=fr")
			.set("bind-password", SECRET)
			.set("user-base", "ou=people,dc=" + id + ",dc=fr")
			.set("group-base", "ou=groups,dc=" + id + ",dc=fr");
	}

	/** The whole failure, causes and stack included, as an operator would see it in the log. */
	private String startupFailure(CommuneConfig... communes) {
		List<String> values = new ArrayList<>();
		for (int i = 0; i < communes.length; i++) {
			values.addAll(List.of(communes[i].asPropertyValues(i)));
		}
		StringWriter failure = new StringWriter();
		this.runner.withPropertyValues(values.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasFailed();
			context.getStartupFailure().printStackTrace(new PrintWriter(failure));
		});
		return failure.toString();
	}

}
