package fr.sesame.auth.admin.console;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.CommuneRegistration;
import fr.sesame.auth.support.DemoServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A syndicate admin in the console (none in the demo directories: here Rivebelle's admins-commune group maps to
 * syndicate-admin): the same session, judged by the same rules as its tokens, opens what a commune admin is not
 * offered: the client registry in the navigation, the admin roles in the grant form, the whole audit trail.
 */
class ConsoleSyndicateAdminTest extends DemoServerTest {

	@DynamicPropertySource
	static void rivebelleAdminsAdministerTheSyndicate(DynamicPropertyRegistry registry) {
		new CommuneRegistration(registry).demoRivebelle();
		registry.add("sesame.directory.communes[0].role-mappings.sesame-admin.syndicate-admin[0]",
				() -> "admins-commune");
	}

	@Test
	void aSyndicateAdminIsOfferedAndGrantsAdminRoles() {
		ConsoleSession console = new ConsoleSession(ISSUER);
		Browser admin = console.signIn("zdarc@rivebelle.fr");
		HttpResponse<String> home = console.get(admin, "/console");
		assertThat(home.body()).contains("Toutes les communes du syndicat", "href=\"/console/clients\"");

		String assignments = "/console/communes/rivebelle/assignments";
		assertThat(console.get(admin, assignments).body()).contains("value=\"sesame-admin/commune-admin\"");
		HttpResponse<String> granted = console.post(admin, assignments,
				Map.of("login", "jloneil", "grant", "sesame-admin/commune-admin", "expiresAt", ""));
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(302);
		assertThat(console.get(admin, assignments).body()).contains(">jloneil<", "<code>commune-admin</code>");

		assertThat(console.get(admin, "/console/audit").body())
			.contains("Les événements de toutes les communes", "id=\"commune\"");
	}

}
