package fr.sesame.directory.commune;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.CommuneDirectories.CommuneLogin;
import fr.sesame.directory.commune.ConfiguredCommuneDirectories.CommuneDirectory;
import fr.sesame.directory.connector.AuthenticationOutcome;
import fr.sesame.directory.connector.BindGuard;
import fr.sesame.directory.connector.DirectoryConnector;
import fr.sesame.directory.connector.DirectoryStatus;
import fr.sesame.directory.flavour.DirectoryFlavour;

import static org.assertj.core.api.Assertions.assertThat;

class CommuneRoutingTest {

	private final FakeConnector rivebelle = new FakeConnector(commune("rivebelle", "rivebelle.fr", "rivebelle.org"));

	private final FakeConnector montclair = new FakeConnector(commune("montclair", "montclair.fr"));

	private final ConfiguredCommuneDirectories directories = new ConfiguredCommuneDirectories(
			List.of(new CommuneDirectory(DirectoryFlavour.OPENLDAP, this.rivebelle),
					new CommuneDirectory(DirectoryFlavour.ACTIVE_DIRECTORY, this.montclair, "MONTCLAIR")));

	@Test
	void loginAtDomainGoesToTheCommuneOwningTheDomain() {
		assertThat(this.directories.resolve("jdupont@rivebelle.org", null))
			.contains(new CommuneLogin(this.rivebelle.commune(), "jdupont"));
	}

	@Test
	void domainWinsOverThePickedCommune() {
		assertThat(this.directories.resolve("jdupont@montclair.fr", "rivebelle")).map(CommuneLogin::commune)
			.contains(this.montclair.commune());
	}

	@Test
	void activeDirectoryKeepsTheDomainForItsUserPrincipalName() {
		assertThat(this.directories.resolve("jdupont@montclair.fr", null)).map(CommuneLogin::login)
			.contains("jdupont@montclair.fr");
	}

	@Test
	void domainIsMatchedWithoutRegardToCase() {
		assertThat(this.directories.resolve("JDupont@RiveBelle.FR", null))
			.contains(new CommuneLogin(this.rivebelle.commune(), "JDupont"));
	}

	@Test
	void bareLoginGoesToThePickedCommune() {
		assertThat(this.directories.resolve("  jdupont ", "montclair"))
			.contains(new CommuneLogin(this.montclair.commune(), "jdupont"));
	}

	@Test
	void aWindowsDownLevelLogonNameGoesToTheCommuneOfItsDomainAsTheLoginAlone() {
		assertThat(this.directories.resolve("MONTCLAIR\\jdupont", null))
			.contains(new CommuneLogin(this.montclair.commune(), "jdupont"));
		assertThat(this.directories.resolve(" montclair\\jdupont", "rivebelle"))
			.contains(new CommuneLogin(this.montclair.commune(), "jdupont"));
	}

	@Test
	void aBackslashWithoutACommunesNetbiosDomainIsPartOfTheLogin() {
		assertThat(this.directories.resolve("ATLANTIDE\\jdupont", "montclair"))
			.contains(new CommuneLogin(this.montclair.commune(), "ATLANTIDE\\jdupont"));
		assertThat(this.directories.resolve("ATLANTIDE\\jdupont", null)).isEmpty();
		assertThat(this.directories.resolve("\\", "rivebelle")).contains(new CommuneLogin(this.rivebelle.commune(), "\\"));
		assertThat(this.directories.resolve("MONTCLAIR\\", "rivebelle"))
			.contains(new CommuneLogin(this.rivebelle.commune(), "MONTCLAIR\\"));
		assertThat(this.directories.resolve("MONTCLAIR\\a\\b", null)).isEmpty();
	}

	@Test
	void nothingToRouteByIsEmpty() {
		assertThat(this.directories.resolve("jdupont", null)).isEmpty();
		assertThat(this.directories.resolve("jdupont", "atlantide")).isEmpty();
		assertThat(this.directories.resolve("jdupont@atlantide.fr", "rivebelle")).isEmpty();
		assertThat(this.directories.resolve("@rivebelle.fr", "rivebelle")).isEmpty();
		assertThat(this.directories.resolve("jdupont@", "rivebelle")).isEmpty();
		assertThat(this.directories.resolve("   ", "rivebelle")).isEmpty();
		assertThat(this.directories.resolve(null, "rivebelle")).isEmpty();
	}

	@Test
	void communesKeepTheOrderOfTheConfiguration() {
		assertThat(this.directories.communes()).extracting(Commune::id).containsExactly("rivebelle", "montclair");
		assertThat(this.directories.connector("montclair")).containsSame(this.montclair);
		assertThat(this.directories.connector("atlantide")).isEmpty();
		assertThat(this.directories.connector(null)).isEmpty();
	}

	@Test
	void closingClosesEveryConnector() {
		this.directories.close();

		assertThat(this.rivebelle.closed).isTrue();
		assertThat(this.montclair.closed).isTrue();
	}

	@Test
	void rolesFollowTheCommunesGroupMappings() {
		Commune commune = new Commune("rivebelle", "Rivebelle", List.of("rivebelle.fr"),
				Map.of("demo-portal", Map.of("agent", List.of("agents"), "officier-etat-civil", List.of("Etat-Civil"))), 5,
				Duration.ofMinutes(30));
		Agent agent = new Agent("rivebelle", "id", "uid=x", "x", null, null, "X", null, List.of("agents", "etat-civil"));

		assertThat(commune.rolesFor(agent, "demo-portal")).containsExactly("agent", "officier-etat-civil");
		assertThat(commune.rolesFor(agent, "other-client")).isEmpty();
	}

	private static Commune commune(String id, String... domains) {
		return new Commune(id, id, List.of(domains), Map.of(), 5, Duration.ofMinutes(30));
	}

	private static final class FakeConnector implements DirectoryConnector {

		private final Commune commune;

		private boolean closed;

		FakeConnector(Commune commune) {
			this.commune = commune;
		}

		@Override
		public Commune commune() {
			return this.commune;
		}

		@Override
		public AuthenticationOutcome authenticate(String login, String password, BindGuard guard) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<Agent> findByLogin(String login) {
			return Optional.empty();
		}

		@Override
		public DirectoryStatus status() {
			return new DirectoryStatus(true, Duration.ZERO, "ok");
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
