package fr.sesame.auth.role;

import java.time.Clock;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import fr.sesame.auth.client.registry.Applications;
import fr.sesame.auth.directory.ClientRoles;
import fr.sesame.auth.mfa.policy.MfaPolicyProperties;
import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreConfiguration;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * Role assignments: the store (memory or Redis, with {@code sesame.store.type}), the roles each client declares, and
 * the {@link ClientRoles} that merges admins' assignments with the directory's roles at token time.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RoleProperties.class)
public class RoleConfiguration {

	/** Stops the start-up when the configuration contradicts itself about roles, naming the keys. */
	@Bean
	DeclaredRoles declaredRoles(Applications clients, CommuneDirectories directories,
			MfaPolicyProperties policy) {
		DeclaredRoles declared = new DeclaredRoles(clients, directories, policy);
		List<String> problems = declared.inconsistencies();
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Roles are misconfigured: " + String.join("; ", problems));
		}
		return declared;
	}

	@Bean
	ClientRoles clientRolesWithAssignments(CommuneDirectories directories, RoleAssignments assignments,
			DeclaredRoles declared) {
		return new ClientRoles(directories, assignments, declared);
	}

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	RoleAssignments inMemoryRoleAssignments(ObjectProvider<Clock> clock) {
		return new InMemoryRoleAssignments(clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	RoleAssignments redisRoleAssignments(ObjectProvider<StringRedisTemplate> redis, StoreProperties store,
			ObjectProvider<Clock> clock) {
		StringRedisTemplate template = StoreConfiguration.redis(redis, "role assignments");
		return new RedisRoleAssignments(template, store.keyPrefix(), clock.getIfUnique(Clock::systemUTC));
	}

}
