package fr.sesame.auth.role;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.core.StringRedisTemplate;

import fr.sesame.auth.client.registry.Applications;
import fr.sesame.auth.client.registry.ConfiguredApplications;
import fr.sesame.auth.directory.AgentStanding;
import fr.sesame.auth.directory.ClientRoles;
import fr.sesame.auth.mfa.policy.MfaPolicyProperties;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;
import fr.sesame.auth.store.TestRedis;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.CommuneDirectories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sesame.store.type} picks the assignments' store; the {@link ClientRoles} that token issuance gets is the one
 * that reads it; a configuration whose roles contradict each other does not start.
 */
class RoleConfigurationTest {

	private final TestRedis redis = new TestRedis();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(RoleConfiguration.class)
		.withBean(CommuneDirectories.class,
				() -> RoleFixtures.directories(RoleFixtures.RIVEBELLE, RoleFixtures.MONTCLAIR))
		.withBean(MfaPolicyProperties.class, RoleFixtures::policy);

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void memoryIsTheDefault() {
		this.runner.withBean(Applications.class, () -> ConfiguredApplications.of(RoleFixtures.demoClients()))
			.withBean(StoreProperties.class, () -> store(StoreType.MEMORY))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(RoleAssignments.class)).isInstanceOf(InMemoryRoleAssignments.class);
				assertThat(context.getBean(RoleProperties.class).importMaxRows()).isEqualTo(5000);
			});
	}

	@Test
	void redisModeKeepsAssignmentsInRedisAndTokensReadThem() {
		this.runner.withBean(Applications.class, () -> ConfiguredApplications.of(RoleFixtures.demoClients()))
			.withBean(StoreProperties.class, () -> store(StoreType.REDIS))
			.withBean(StringRedisTemplate.class, this.redis::template)
			.withPropertyValues("sesame.store.type=redis")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RoleAssignments assignments = context.getBean(RoleAssignments.class);
				assertThat(assignments).isInstanceOf(RedisRoleAssignments.class);
				Agent agent = new Agent("rivebelle", "uuid-x", "uid=x", "x", null, null, "X", null, List.of());
				assignments.add(RoleAssignment.byAdmin(AssignedAgent.of(agent), "rivebelle", "demo-portal",
						"officier-etat-civil", Instant.now().plus(Duration.ofHours(1)), "sub-admin", Instant.now()));
				assertThat(this.redis.keys()).contains(this.redis.prefix() + "role:commune:rivebelle");
				ClientRoles roles = context.getBean(ClientRoles.class);
				assertThat(roles.of(new AgentStanding(true, agent, Map.of(), null), "demo-portal"))
					.as("the ClientRoles reads the assignments")
					.containsExactly("officier-etat-civil");
			});
	}

	@Test
	void contradictoryRolesStopTheStart() {
		this.runner
			.withBean(Applications.class, () -> ConfiguredApplications.of(
					RoleFixtures.clients(Map.of("sesame.clients.demo-portal.roles[0]", "agent"), "demo-portal")))
			.withBean(StoreProperties.class, () -> store(StoreType.MEMORY))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Roles are misconfigured: the role-mappings of commune 'rivebelle' grant role "
						+ "'officier-etat-civil' of client 'demo-portal'"));
	}

	private StoreProperties store(StoreType type) {
		return new StoreProperties(type, this.redis.prefix(), Duration.ofMinutes(10));
	}

}
