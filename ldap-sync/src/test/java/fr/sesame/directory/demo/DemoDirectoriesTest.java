package fr.sesame.directory.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.autoconfigure.CommuneDirectoriesAutoConfiguration;
import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.commune.CommuneDirectories.CommuneLogin;
import fr.sesame.directory.connector.AuthenticationOutcome;
import fr.sesame.directory.connector.AuthenticationOutcome.Authenticated;
import fr.sesame.directory.support.DemoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo directories of {@code ldap-sync/DEMO.md}: generated from {@link DemoLdifGenerator}, served as configured
 * in {@code demo/demo-communes.yml}, and answering each documented login as documented.
 */
class DemoDirectoriesTest {

	private static final Path DEMO = Path.of("src/main/resources/demo");

	private static AnnotationConfigApplicationContext context;

	private static CommuneDirectories directories;

	@BeforeAll
	static void start() {
		context = new AnnotationConfigApplicationContext();
		new DemoConfiguration().initialize(context);
		context.register(CommuneDirectoriesAutoConfiguration.class);
		context.refresh();
		directories = context.getBean(CommuneDirectories.class);
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void committedLdifIsWhatTheGeneratorWrites() throws IOException {
		if (Boolean.getBoolean("sesame.demo.regenerate")) {
			DemoLdifGenerator.main(new String[] { DEMO.toString() });
		}
		assertThat(Files.readString(DEMO.resolve("rivebelle.ldif"), StandardCharsets.UTF_8))
			.as("rivebelle.ldif is stale: regenerate it (see DemoLdifGenerator)")
			.isEqualTo(DemoLdifGenerator.rivebelle());
		assertThat(Files.readString(DEMO.resolve("montclair.ldif"), StandardCharsets.UTF_8))
			.as("montclair.ldif is stale: regenerate it (see DemoLdifGenerator)")
			.isEqualTo(DemoLdifGenerator.montclair());
	}

	@Test
	void eachCommuneHasAFewHundredAgentsWithFrenchNames() {
		for (String ldif : new String[] { DemoLdifGenerator.rivebelle(), DemoLdifGenerator.montclair() }) {
			assertThat(Pattern.compile("^objectClass: (inetOrgPerson|user)$", Pattern.MULTILINE).matcher(ldif).results()
				.count()).isBetween(200L, 300L);
			assertThat(ldif).contains("representation of the above value: Hélène")
				.contains("-Luc")
				.contains("sn: O'Neil");
		}
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource({ "jdupont@rivebelle.fr, success", "hlefevre@rivebelle.fr, success", "jloneil@rivebelle.fr, success",
			"zdarc@rivebelle.fr, success", "mbernard@rivebelle.fr, disabled", "slegrand@rivebelle.fr, locked",
			"afaure@rivebelle.fr, expired", "jdupont@montclair.fr, success", "lrousseau@montclair.fr, success",
			"mcdaragon@montclair.fr, success", "nlemaitre@montclair.fr, success", "pmoreau@montclair.fr, disabled",
			"clambert@montclair.fr, locked", "gfontaine@montclair.fr, expired" })
	void documentedDemoLoginsAnswerAsDocumented(String typed, String reason) {
		assertThat(signIn(typed, DemoLdifGenerator.AGENT_PASSWORD).reason()).isEqualTo(reason);
		assertThat(signIn(typed, "not-the-password").reason()).isEqualTo("bad_credentials");
	}

	@ParameterizedTest(name = "{0} → {1}")
	@CsvSource(delimiter = ';', value = { "jdupont@rivebelle.fr; agents,etat-civil; agent,officier-etat-civil",
			"hlefevre@rivebelle.fr; agents,rh; agent", "jloneil@rivebelle.fr; agents,finances; agent",
			"zdarc@rivebelle.fr; accueil,admins-commune,agents; agent",
			"jdupont@montclair.fr; agents,etat-civil; agent,officier-etat-civil",
			"lrousseau@montclair.fr; agents,etat-civil,mariages; agent,officier-etat-civil",
			"mcdaragon@montclair.fr; agents,urbanisme; agent", "nlemaitre@montclair.fr; admins-commune,agents,rh; agent" })
	void documentedDemoLoginsHaveTheDocumentedGroupsAndRoles(String typed, String groups, String roles) {
		CommuneLogin login = directories.resolve(typed, null).orElseThrow();
		Agent agent = agent(typed);

		assertThat(agent.groups()).containsExactly(groups.split(","));
		assertThat(login.commune().rolesFor(agent, "demo-portal")).containsExactly(roles.split(","));
	}

	@Test
	void theTwoJeanDupontAreTwoDifferentAgents() {
		Agent rivebelle = agent("jdupont@rivebelle.fr");
		Agent montclair = agent("jdupont@montclair.fr");

		assertThat(rivebelle.displayName()).isEqualTo(montclair.displayName()).isEqualTo("Jean Dupont");
		assertThat(rivebelle.uniqueId()).isNotEqualTo(montclair.uniqueId());
		assertThat(rivebelle.communeId()).isEqualTo("rivebelle");
		assertThat(montclair.communeId()).isEqualTo("montclair");
	}

	@Test
	void nestedGroupMemberGetsTheCivilRegistryRole() {
		CommuneLogin login = directories.resolve("lrousseau@montclair.fr", null).orElseThrow();
		Agent agent = agent("lrousseau@montclair.fr");

		assertThat(agent.groups()).containsExactly("agents", "etat-civil", "mariages");
		assertThat(login.commune().rolesFor(agent, "demo-portal")).containsExactly("agent", "officier-etat-civil");
	}

	@Test
	void namesKeepTheirAccentsHyphensAndApostrophes() {
		assertThat(agent("hlefevre@rivebelle.fr").displayName()).isEqualTo("Hélène Lefèvre");
		assertThat(agent("jloneil@rivebelle.fr").displayName()).isEqualTo("Jean-Luc O'Neil");
		assertThat(agent("zdarc@rivebelle.fr").displayName()).isEqualTo("Zoé D'Arc");
		assertThat(agent("mcdaragon@montclair.fr").displayName()).isEqualTo("Marie-Claire D'Aragon");
	}

	@Test
	void bareLoginWithAPickedCommuneSignsInToo() {
		CommuneLogin login = directories.resolve("jdupont", "montclair").orElseThrow();

		assertThat(directories.connector("montclair").orElseThrow().authenticate(login.login(),
				DemoLdifGenerator.AGENT_PASSWORD))
			.isInstanceOf(Authenticated.class);
	}

	private static Agent agent(String typed) {
		AuthenticationOutcome outcome = signIn(typed, DemoLdifGenerator.AGENT_PASSWORD);
		assertThat(outcome).isInstanceOf(Authenticated.class);
		return ((Authenticated) outcome).agent();
	}

	private static AuthenticationOutcome signIn(String typed, String password) {
		CommuneLogin login = directories.resolve(typed, null).orElseThrow();
		return directories.connector(login.commune().id()).orElseThrow().authenticate(login.login(), password);
	}

}
