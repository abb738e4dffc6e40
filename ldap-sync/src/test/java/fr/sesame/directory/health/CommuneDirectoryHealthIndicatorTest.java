package fr.sesame.directory.health;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import fr.sesame.directory.connector.DirectoryConnector;
import fr.sesame.directory.support.LoopbackPorts;
import fr.sesame.directory.support.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;

class CommuneDirectoryHealthIndicatorTest {

	@Test
	void reachableDirectoryIsUpWithItsLatency() {
		try (TestDirectory directory = TestDirectory.openLdap();
				DirectoryConnector connector = directory.commune("rivebelle").connector()) {
			Health health = new CommuneDirectoryHealthIndicator(connector).health();

			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("commune", "Test rivebelle").containsKey("latencyMs");
		}
	}

	@Test
	void unreachableDirectoryIsDownWithAReasonAndNoSecret() {
		int closed = LoopbackPorts.free();
		try (TestDirectory directory = TestDirectory.openLdap();
				DirectoryConnector connector = directory.commune("rivebelle")
					.set("urls[0]", "ldap://127.0.0.1:" + closed)
					.connector()) {
			Health health = new CommuneDirectoryHealthIndicator(connector).health();

			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("reason")).asString().startsWith("directory_unavailable (");
			assertThat(health.toString()).doesNotContain(TestDirectory.SERVICE_PASSWORD);
		}
	}

}
