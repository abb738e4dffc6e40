package fr.sesame.directory.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.index.RedisDirectoryIndex;
import fr.sesame.directory.sync.DirectorySync;
import fr.sesame.directory.sync.LeaversConfirmation;
import fr.sesame.directory.sync.SyncBoard;
import fr.sesame.directory.support.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The standalone worker as {@code java -jar ldap-sync-exec.jar} runs it (its own ldap-sync.yml: Redis, sync on),
 * against one commune: it indexes the commune in Redis and reports per-commune health over HTTP.
 */
@SpringBootTest(classes = LdapSyncApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.config.name=ldap-sync",
				"management.endpoints.web.exposure.include=health,prometheus,directorysync" })
@DirtiesContext
class LdapSyncApplicationTest {

	static final String PREFIX = "sesame-test:" + UUID.randomUUID() + ":";

	static final TestDirectory directory = TestDirectory.start(DirectoryFlavour.OPENLDAP,
			"classpath:directories/sync-openldap.ldif", "dc=valdore,dc=fr");

	@DynamicPropertySource
	static void commune(DynamicPropertyRegistry registry) {
		registry.add("sesame.store.key-prefix", () -> PREFIX);
		for (String value : directory.commune("valdore").asPropertyValues(0)) {
			int eq = value.indexOf('=');
			registry.add(value.substring(0, eq), () -> value.substring(eq + 1));
		}
	}

	@AfterAll
	static void stop() {
		directory.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	DirectoryIndex index;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	SyncBoard board;

	@Test
	void indexesTheCommuneInRedisAndReportsItsHealth() throws Exception {
		assertThat(this.index).isInstanceOf(RedisDirectoryIndex.class);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.index.state("valdore").map((state) -> state.synced()).orElse(false));
		assertThat(this.index.state("valdore").orElseThrow().agents()).isEqualTo(12);
		assertThat(this.redis.opsForValue().get(PREFIX + "directory:{valdore}:lease")).isNotBlank();

		HttpResponse<String> health = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health/directorySync/valdore"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"").contains("\"strategy\":\"modify-timestamp\"");
		assertThat(this.context.getBeanNamesForType(Object.class)).noneMatch((name) -> name.startsWith("fr.sesame.auth"));

		HttpResponse<String> statuses = http(HttpRequest.newBuilder(actuator("/actuator/directorysync")).GET());
		assertThat(statuses.body()).contains("\"valdore\"").contains("\"state\":\"UP\"");
		HttpResponse<String> confirmed = http(
				HttpRequest.newBuilder(actuator("/actuator/directorysync/valdore")).POST(HttpRequest.BodyPublishers.noBody()));
		assertThat(confirmed.statusCode()).as("nothing to confirm: the commune is not halted").isEqualTo(409);
		assertThat(this.redis.hasKey(PREFIX + "directory:{valdore}:leavers-confirmed")).isFalse();
		// What a confirmation from another process looks like to the worker: through Redis, read back once.
		LeaversConfirmation confirmation = new LeaversConfirmation(Instant.parse("2026-12-06T10:00:00Z"), 7,
				"admin-sub", Instant.parse("2026-12-06T10:05:00Z"));
		this.board.confirmLeavers("valdore", confirmation);
		assertThat(this.board.pendingConfirmation("valdore")).contains(confirmation);
		assertThat(this.board.takeLeaversConfirmation("valdore")).contains(confirmation);
		assertThat(this.board.takeLeaversConfirmation("valdore")).isEmpty();
		assertThat(http(HttpRequest.newBuilder(actuator("/actuator/directorysync/nowhere"))
			.POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);
		assertThat(http(HttpRequest.newBuilder(actuator("/actuator/prometheus")).GET()).body())
			.contains("sesame_directory_sync_agents{commune=\"valdore\"} 12.0");
	}

	/** The synchronisation stops first, or it would write its state again after the clean-up. */
	@AfterEach
	void deleteKeys() {
		this.context.getBean(DirectorySync.class).stop();
		this.redis.delete(this.redis.keys(PREFIX + "*"));
	}

	private URI actuator(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private static HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
