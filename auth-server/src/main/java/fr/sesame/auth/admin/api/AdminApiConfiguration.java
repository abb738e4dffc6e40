package fr.sesame.auth.admin.api;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

import fr.sesame.auth.audit.AuditTrail;
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
 * {@code AdminApiSecurityConfiguration}.
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
	AssignmentViews assignmentViews(DirectoryIndex index) {
		return new AssignmentViews(index);
	}

	@Bean(destroyMethod = "close")
	CommuneOverview communeOverview(CommuneDirectories directories, DirectoryIndex index,
			ObjectProvider<DirectorySync> sync, ObjectProvider<SyncBoard> board, DeclaredRoles declared,
			ObjectProvider<Clock> clock) {
		return new CommuneOverview(directories, index, sync, board, declared, clock(clock));
	}

}
