package fr.sesame.auth.admin.api;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import fr.sesame.auth.AuthServerApplication;
import fr.sesame.auth.role.AssignedAgent;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.auth.store.TestRedis;
import fr.sesame.auth.support.AdminTokens;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.support.LoopbackPorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Redis, a client registered through one replica is known to another at once, a secret rotated on one is
 * refused by the other within the registry's cache time, and the client and its secret survive a restart (the
 * secret's hash is keyed by {@code sesame.client-registry.secret-key}, not by a key of the process). Two servers on
 * the real Redis of 127.0.0.1:6379, under a key prefix of their own.
 */
class ClientsWithRedisTest {

	private static final int PORT_A = LoopbackPorts.free();

	private static final int PORT_B = LoopbackPorts.free();

	private static final String CALLBACK = "http://127.0.0.1:9999/callback";

	private final TestRedis redis = new TestRedis();

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void aClientRegisteredOnOneReplicaWorksOnTheOtherAndSurvivesARestart() throws Exception {
		String issuerA = "http://localhost:" + PORT_A;
		String issuerB = "http://localhost:" + PORT_B;
		String secret;
		try (ConfigurableApplicationContext replicaA = start(PORT_A);
				ConfigurableApplicationContext replicaB = start(PORT_B)) {
			String admin = syndicateAdmin(replicaA, issuerA);
			AdminApiClient api = new AdminApiClient(issuerA);
			HttpResponse<String> registered = api.post(admin, "/api/admin/clients", "{\"client_id\": \"batch-rh\","
					+ " \"name\": \"Batch RH\", \"grant_types\": [\"client_credentials\"], \"scopes\": [\"rh.read\"]}");
			assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
			String first = AdminApiClient.json(registered).get("client_secret").asString();

			OidcClient onB = new OidcClient(issuerB, "batch-rh", first, CALLBACK);
			HttpResponse<JsonNode> token = onB.clientCredentials();
			assertThat(token.statusCode()).as("registered on A, used on B: " + token.body()).isEqualTo(200);

			HttpResponse<String> rotated = api.post(admin, "/api/admin/clients/batch-rh/secret", null);
			assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
			secret = AdminApiClient.json(rotated).get("client_secret").asString();
			assertThat(new OidcClient(issuerA, "batch-rh", first, CALLBACK).clientCredentials().statusCode())
				.as("the old secret, on the replica that rotated it").isEqualTo(401);
			assertThat(statusWithin(Duration.ofSeconds(2), onB, 401)).as("the old secret on B, within 2 s")
				.isEqualTo(401);
			assertThat(onB.withSecret(secret).clientCredentials().statusCode()).isEqualTo(200);
		}

		try (ConfigurableApplicationContext restarted = start(PORT_A)) {
			OidcClient afterRestart = new OidcClient(issuerA, "batch-rh", secret, CALLBACK);
			HttpResponse<JsonNode> token = afterRestart
				.token(Map.of("grant_type", "client_credentials", "scope", "rh.read"));
			assertThat(token.statusCode()).as("after a restart: " + token.body()).isEqualTo(200);
			assertThat(token.body().get("scope").asString()).isEqualTo("rh.read");
		}
	}

	private ConfigurableApplicationContext start(int port) {
		return new SpringApplicationBuilder(AuthServerApplication.class).profiles("demo", "redis")
			.run("--server.port=" + port, "--server.address=127.0.0.1", "--sesame.issuer=http://localhost:" + port,
					"--sesame.store.key-prefix=" + this.redis.prefix(), "--sesame.login.throttle.base-delay=0s");
	}

	// The demo directories have no syndicate admin: jloneil of Rivebelle becomes one.
	private static String syndicateAdmin(ConfigurableApplicationContext context, String issuer) throws Exception {
		Agent jloneil = context.getBean(CommuneDirectories.class)
			.connector("rivebelle")
			.orElseThrow()
			.findByLogin("jloneil")
			.orElseThrow();
		context.getBean(RoleAssignments.class)
			.add(RoleAssignment.byAdmin(AssignedAgent.of(jloneil), "rivebelle", "sesame-admin", "syndicate-admin",
					null, "bootstrap", Instant.now()));
		return new AdminTokens(issuer).of("jloneil@rivebelle.fr");
	}

	private static int statusWithin(Duration limit, OidcClient client, int expected) throws InterruptedException {
		Instant deadline = Instant.now().plus(limit);
		int status = client.clientCredentials().statusCode();
		while (status != expected && Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
			status = client.clientCredentials().statusCode();
		}
		return status;
	}

}
