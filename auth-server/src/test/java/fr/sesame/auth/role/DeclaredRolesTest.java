package fr.sesame.auth.role;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;

import fr.sesame.auth.client.ClientProperties;
import fr.sesame.auth.client.ClientSecretEncoder;
import fr.sesame.auth.client.registry.ApplicationForm;
import fr.sesame.auth.client.registry.ClientRegistry;
import fr.sesame.auth.client.registry.ConfiguredApplications;
import fr.sesame.auth.client.registry.InMemoryApplicationStore;
import fr.sesame.auth.client.registry.RegistrationRules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each application declares its roles; admins assign only those, in communes the application is open to; a client
 * that declares none keeps its directory roles and gets none from admins; a configuration that contradicts itself
 * stops the start-up.
 */
class DeclaredRolesTest {

	private final DeclaredRoles declared = RoleFixtures.demoDeclarations();

	@Test
	void adminsAssignOnlyDeclaredRoles() {
		assertThat(this.declared.declares("demo-portal", "officier-etat-civil")).isTrue();
		assertThat(this.declared.declares("demo-portal", "maire")).isFalse();
		assertThat(this.declared.declares("demo-spa", "agent")).as("declares none").isFalse();
		assertThat(this.declared.declares("unknown", "agent")).isFalse();
		assertThat(this.declared.declaredBy("demo-portal")).containsExactly("agent", "officier-etat-civil");
		assertThat(this.declared.declaredBy("demo-spa")).isEmpty();
	}

	@Test
	void aClientIsOpenWhereTheDirectoryMapsItsRolesOrWhereItSaysSo() {
		assertThat(this.declared.isOpenTo("demo-portal", "rivebelle")).isTrue();
		assertThat(this.declared.isOpenTo("sesame-admin", "montclair")).as("no mapping in montclair").isFalse();
		assertThat(this.declared.isOpenTo("demo-finances", "montclair")).as("communes: [montclair]").isTrue();
		assertThat(this.declared.isOpenTo("demo-finances", "rivebelle")).isFalse();
		assertThat(this.declared.isOpenTo("unknown", "rivebelle")).isFalse();
		assertThat(this.declared.assignableIn("rivebelle")).containsExactly("demo-portal", "sesame-admin");
		assertThat(this.declared.assignableIn("montclair")).containsExactly("demo-finances", "demo-portal");
	}

	@Test
	void adminRolesAreTheTwoBuiltInOnesAndThePolicysOwn() {
		assertThat(this.declared.isAdminRole("commune-admin")).isTrue();
		assertThat(this.declared.isAdminRole("syndicate-admin")).isTrue();
		assertThat(this.declared.isAdminRole("dpo")).isTrue();
		assertThat(this.declared.isAdminRole("agent")).isFalse();
		DeclaredRoles withoutPolicy = new DeclaredRoles(ConfiguredApplications.of(RoleFixtures.demoClients()),
				RoleFixtures.directories(RoleFixtures.RIVEBELLE), RoleFixtures.policy());
		assertThat(withoutPolicy.isAdminRole("commune-admin")).as("always an admin role").isTrue();
	}

	@Test
	void aClientRegisteredAtRunTimeIsReadAtOnceAndNeverStopsAStart() {
		ClientRegistry registry = new ClientRegistry(ConfiguredApplications.of(RoleFixtures.demoClients()),
				new InMemoryApplicationStore(),
				new RegistrationRules(RoleFixtures.directories(RoleFixtures.RIVEBELLE, RoleFixtures.MONTCLAIR)),
				new ClientSecretEncoder(new byte[32]), Clock.systemUTC());
		// Montclair has since been removed from the configuration: the registered client still names it.
		DeclaredRoles declared = new DeclaredRoles(registry, RoleFixtures.directories(RoleFixtures.RIVEBELLE),
				RoleFixtures.policy());

		registry.register("urbanisme", ApplicationForm.empty()
			.with(Map.of("name", "Urbanisme", "grant_types", List.of("client_credentials"), "roles",
					List.of("instructeur"), "communes", List.of("rivebelle", "montclair"))));

		assertThat(declared.declares("urbanisme", "instructeur")).isTrue();
		assertThat(declared.isOpenTo("urbanisme", "rivebelle")).isTrue();
		assertThat(declared.assignableIn("rivebelle")).contains("urbanisme");
		assertThat(declared.inconsistencies()).as("data registered at run time is not the configuration's mistake")
			.containsExactly("sesame.clients.demo-finances.communes names commune 'montclair', which "
					+ "sesame.directory.communes does not declare");
	}

	@Test
	void aConsistentConfigurationHasNothingToSay() {
		assertThat(this.declared.inconsistencies()).isEmpty();
	}

	@Test
	void aMappingGrantingAnUndeclaredRoleOrAnUnknownCommuneIsNamed() {
		ClientProperties clients = RoleFixtures.clients(Map.of("sesame.clients.demo-portal.roles[0]", "agent",
				"sesame.clients.demo-portal.communes[0]", "valbonne"), "demo-portal");
		DeclaredRoles wrong = new DeclaredRoles(ConfiguredApplications.of(clients),
				RoleFixtures.directories(RoleFixtures.RIVEBELLE, RoleFixtures.MONTCLAIR), RoleFixtures.policy());

		assertThat(wrong.inconsistencies()).containsExactly(
				"the role-mappings of commune 'rivebelle' grant role 'officier-etat-civil' of client 'demo-portal', "
						+ "which sesame.clients.demo-portal.roles does not declare [agent]",
				"sesame.clients.demo-portal.communes names commune 'valbonne', which sesame.directory.communes does "
						+ "not declare");
	}

	@Test
	void aClientDeclaringNoRoleLeavesTheMappingsAlone() {
		ClientProperties clients = RoleFixtures.clients(Map.of(), "demo-portal");
		DeclaredRoles none = new DeclaredRoles(ConfiguredApplications.of(clients), RoleFixtures.directories(RoleFixtures.RIVEBELLE),
				RoleFixtures.policy());

		assertThat(none.inconsistencies()).isEmpty();
		assertThat(none.assignableIn("rivebelle")).isEmpty();
	}

	@Test
	void roleNamesAndCommuneIdsAreCheckedWhenBound() {
		assertThat(RoleFixtures.clients(Map.of("sesame.clients.portal.roles[0]", "Officier_Etat.Civil-2"), "portal")
			.clients()
			.get("portal")
			.roles()).containsExactly("Officier_Etat.Civil-2");
		for (String bad : List.of("with space", "colon:role", "-leading", "quote\"", "é")) {
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> RoleFixtures.clients(Map.of("sesame.clients.portal.roles[0]", bad), "portal"))
				.satisfies((ex) -> assertThat(ex.getCause().getMessage()).contains("roles are 1 to 64 characters"));
		}
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> RoleFixtures.clients(Map.of("sesame.clients.portal.roles[0]", "agent",
					"sesame.clients.portal.roles[1]", "agent"), "portal"))
			.satisfies((ex) -> assertThat(ex.getCause().getMessage()).contains("must not list the same value twice"));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> RoleFixtures.clients(Map.of("sesame.clients.portal.communes[0]", "Rivebelle"),
					"portal"))
			.satisfies((ex) -> assertThat(ex.getCause().getMessage()).contains("communes are commune ids"));
	}

}
