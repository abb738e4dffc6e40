package fr.sesame.directory.autoconfigure;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.commune.CommuneDirectories.CommuneLogin;
import fr.sesame.directory.connector.AuthenticationOutcome;
import fr.sesame.directory.connector.AuthenticationOutcome.Authenticated;
import fr.sesame.directory.connector.DirectoryConnector;
import fr.sesame.directory.connector.DirectoryMetrics;
import fr.sesame.directory.demo.DemoLdifGenerator;
import fr.sesame.directory.embedded.EmbeddedDirectories;
import fr.sesame.directory.support.DemoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class CommuneDirectoriesAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CommuneDirectoriesAutoConfiguration.class))
		.withInitializer(new DemoConfiguration());

	@Test
	void demoConfigurationBuildsBothCommunesInOrder() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(CommuneDirectories.class);
			CommuneDirectories directories = context.getBean(CommuneDirectories.class);
			assertThat(directories.communes()).extracting(Commune::id).containsExactly("rivebelle", "montclair");
			assertThat(directories.communes()).extracting(Commune::displayName).containsExactly("Rivebelle", "Montclair");
		});
	}

	@Test
	void typedLoginIsRoutedAndSignedInAgainstTheEmbeddedDirectory() {
		this.runner.run((context) -> {
			CommuneDirectories directories = context.getBean(CommuneDirectories.class);
			CommuneLogin login = directories.resolve("jdupont@montclair.fr", null).orElseThrow();
			DirectoryConnector connector = directories.connector(login.commune().id()).orElseThrow();

			AuthenticationOutcome outcome = connector.authenticate(login.login(), DemoLdifGenerator.AGENT_PASSWORD);

			assertThat(outcome).isInstanceOf(Authenticated.class);
			Agent agent = ((Authenticated) outcome).agent();
			assertThat(agent.communeId()).isEqualTo("montclair");
			assertThat(login.commune().rolesFor(agent, "demo-portal")).containsExactly("agent", "officier-etat-civil");
		});
	}

	@Test
	void ldapLatencyIsRecordedPerCommuneOperationAndOutcome() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			DirectoryConnector rivebelle = context.getBean(CommuneDirectories.class).connector("rivebelle").orElseThrow();
			rivebelle.authenticate("jdupont", DemoLdifGenerator.AGENT_PASSWORD);
			rivebelle.authenticate("jdupont", "wrong");

			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Timer binds = registry.get(DirectoryMetrics.REQUESTS)
				.tags("commune", "rivebelle", "operation", "bind", "outcome", "success")
				.timer();
			assertThat(binds.count()).isEqualTo(1);
			assertThat(registry.get(DirectoryMetrics.REQUESTS)
				.tags("commune", "rivebelle", "operation", "bind", "outcome", "bad_credentials")
				.timer()
				.count()).isEqualTo(1);
			assertThat(registry.get(DirectoryMetrics.REQUESTS)
				.tags("commune", "rivebelle", "operation", "search", "outcome", "found")
				.timer()
				.count()).isEqualTo(2);
			assertThat(registry.get(DirectoryMetrics.AVAILABLE).tags("commune", "montclair", "pool", "bind").gauge())
				.isNotNull();
		});
	}

	@Test
	void healthHasOneIndicatorPerCommune() {
		this.runner.run((context) -> {
			CompositeHealthContributor health = context.getBean("communeDirectoriesHealthContributor",
					CompositeHealthContributor.class);
			AtomicInteger indicators = new AtomicInteger();
			health.forEach((entry) -> indicators.incrementAndGet());
			assertThat(indicators).hasValue(2);
			assertThat(health.getContributor("rivebelle")).isNotNull();
			assertThat(health.getContributor("montclair")).isNotNull();
		});
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.commune-directories.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("communeDirectoriesHealthContributor")
				.hasSingleBean(CommuneDirectories.class));
	}

	@Test
	void embeddedCommuneWithoutSecretGetsARandomOneThatWorks() {
		// A higher source replaces the whole list, not one of its keys: this commune is defined in full.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(CommuneDirectoriesAutoConfiguration.class))
			.withPropertyValues("sesame.directory.communes[0].id=rivebelle",
					"sesame.directory.communes[0].display-name=Rivebelle",
					"sesame.directory.communes[0].flavour=openldap",
					"sesame.directory.communes[0].bind-dn=cn=sesame-embedded,dc=rivebelle,dc=fr",
					"sesame.directory.communes[0].user-base=ou=people,dc=rivebelle,dc=fr",
					"sesame.directory.communes[0].group-base=ou=groups,dc=rivebelle,dc=fr",
					"sesame.directory.communes[0].embedded.ldif=classpath:demo/rivebelle.ldif",
					"sesame.directory.communes[0].embedded.base-dn=dc=rivebelle,dc=fr")
			.run((context) -> {
				DirectoryConnector rivebelle = context.getBean(CommuneDirectories.class)
					.connector("rivebelle")
					.orElseThrow();
				assertThat(rivebelle.authenticate("hlefevre", DemoLdifGenerator.AGENT_PASSWORD))
					.isInstanceOf(Authenticated.class);
				assertThat(context.getBean(EmbeddedDirectories.class).generatedServicePassword("rivebelle"))
					.get(org.assertj.core.api.InstanceOfAssertFactories.STRING)
					.hasSizeGreaterThan(20);
			});
	}

	@Test
	void closingTheContextStopsTheEmbeddedDirectories() {
		int[] port = new int[1];
		this.runner.run((context) -> port[0] = context.getBean(EmbeddedDirectories.class)
			.directory("rivebelle")
			.orElseThrow()
			.port());

		assertThatException().isThrownBy(() -> {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port[0]), 500);
			}
		});
	}

}
