package fr.sesame.auth.admin.api;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.client.registry.ApplicationRemoval;
import fr.sesame.auth.client.registry.ClientRegistry;
import fr.sesame.auth.role.DeclaredRoles;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.auth.role.RoleProperties;
import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.sync.DirectorySync;
import fr.sesame.directory.sync.SyncBoard;

/**
 * The admin API's parts: who may call it ({@link AdminAccess}), how agents are found, what a grant must satisfy.
 * The endpoints live in the controllers of this package; the security filter chain in
 * {@code AdminApiSecurityConfiguration}. The admin console ({@code fr.sesame.auth.admin.console}) uses the same parts.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiConfiguration {

	private static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
	}

	@Bean
	AdminAccess adminAccess(OAuth2AuthorizationService authorizations, CommuneDirectories directories,
			AuditTrail audit) {
		return new AdminAccess(authorizations, directories, audit);
	}

	@Bean
	AgentLookup adminAgentLookup(DirectoryIndex index, CommuneDirectories directories) {
		return new AgentLookup(index, directories);
	}

	@Bean
	AgentProfiles adminAgentProfiles(AgentLookup lookup, RoleAssignments assignments) {
		return new AgentProfiles(lookup, assignments);
	}

	@Bean
	AgentSearch adminAgentSearch(DirectoryIndex index) {
		return new AgentSearch(index);
	}

	@Bean
	Expiries assignmentExpiries(RoleProperties properties, ObjectProvider<Clock> clock) {
		return new Expiries(properties, clock(clock));
	}

	@Bean
	RoleGrants roleGrants(DeclaredRoles declared, AgentLookup agents, RoleAssignments assignments, Expiries expiries,
			ObjectProvider<Clock> clock) {
		return new RoleGrants(declared, agents, assignments, expiries, clock(clock));
	}

	@Bean
	RoleAssignmentChanges roleAssignmentChanges(AdminAccess access, RoleAssignments assignments, RoleGrants grants,
			Expiries expiries, RoleProperties properties) {
		return new RoleAssignmentChanges(access, assignments, grants, expiries, properties);
	}

	@Bean
	AssignmentViews assignmentViews(DirectoryIndex index) {
		return new AssignmentViews(index);
	}

	@Bean(destroyMethod = "close")
	CommuneOverview communeOverview(CommuneDirectories directories, DirectoryIndex index,
			ObjectProvider<DirectorySync> sync, ObjectProvider<SyncBoard> board, DeclaredRoles declared,
			ObjectProvider<Clock> clock) {
		return new CommuneOverview(directories, index, sync, board, declared, clock(clock));
	}

	@Bean
	SyncConfirmations syncConfirmations(AdminAccess access, CommuneOverview overview, ObjectProvider<SyncBoard> board,
			ObjectProvider<Clock> clock) {
		return new SyncConfirmations(access, overview, board, clock(clock));
	}

	@Bean
	ClientChanges clientChanges(AdminAccess access, ClientRegistry registry, ApplicationRemoval removal,
			DeclaredRoles declared) {
		return new ClientChanges(access, registry, removal, declared);
	}

}
