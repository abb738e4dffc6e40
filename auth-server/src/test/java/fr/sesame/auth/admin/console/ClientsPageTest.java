package fr.sesame.auth.admin.console;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import fr.sesame.auth.client.registry.ClientRegistry;
import fr.sesame.auth.role.AssignedAgent;
import fr.sesame.auth.role.RoleAssignment;
import fr.sesame.auth.role.RoleAssignments;
import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.CommuneDirectories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The applications pages of the console, as a syndicate admin uses them in a browser without script: register a
 * client (its secret shown once, and accepted at once by the token endpoint), a refused form that changes nothing,
 * a new secret that replaces the old one, an edit, a deletion confirmed first. A commune admin reads the clients open
 * to its commune and changes none.
 */
class ClientsPageTest extends DemoServerTest {

	private static final ConsoleSession CONSOLE = new ConsoleSession(ISSUER);

	private static final Pattern SECRET = Pattern.compile("id=\"client-secret\">([A-Za-z0-9_-]{43})<");

	private static Browser syndicate;

	private static Browser rivebelle;

	@Autowired
	private RoleAssignments assignments;

	@Autowired
	private CommuneDirectories directories;

	@Autowired
	private ClientRegistry registry;

	@BeforeEach
	synchronized void adminsAreSignedIn() throws Exception {
		// Once per server: a second sign-in within the same 30 seconds would replay a TOTP code.
		if (syndicate != null) {
			return;
		}
		Agent jloneil = this.directories.connector("rivebelle").orElseThrow().findByLogin("jloneil").orElseThrow();
		this.assignments.add(RoleAssignment.byAdmin(AssignedAgent.of(jloneil), "rivebelle", "sesame-admin",
				"syndicate-admin", null, "bootstrap", Instant.now()));
		syndicate = CONSOLE.signIn("jloneil@rivebelle.fr");
		rivebelle = CONSOLE.signIn("zdarc@rivebelle.fr");
	}

	@Test
	void aSyndicateAdminRegistersRotatesEditsAndDeletesAClient() {
		HttpResponse<String> list = CONSOLE.get(syndicate, "/console/clients");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("demo-portal").contains("Enregistrer une application");
		assertThat(CONSOLE.get(syndicate, "/console/register-client").statusCode()).isEqualTo(200);

		HttpResponse<String> registered = CONSOLE.post(syndicate, "/console/clients", Map.of("clientId",
				"batch-urbanisme", "name", "Batch urbanisme", "grantTypes", "client_credentials", "confidential",
				"true", "requirePkce", "true", "scopes", "urbanisme.read", "accessTokenTtl", "10m", "refreshTokenTtl",
				"8h", "mfa", "none", "communes", "rivebelle"));

		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
		assertThat(registered.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
		assertThat(registered.body()).contains("il ne sera plus jamais affiché");
		String secret = ConsoleSession.firstMatch(SECRET, registered.body());
		OidcClient batch = new OidcClient(ISSUER, "batch-urbanisme", secret, "http://127.0.0.1:9999/callback");
		assertThat(batch.clientCredentials().statusCode()).isEqualTo(200);
		assertThat(CONSOLE.get(syndicate, "/console/clients/batch-urbanisme").body()).contains("Batch urbanisme")
			.doesNotContain(secret);

		HttpResponse<String> rotated = CONSOLE.post(syndicate, "/console/clients/batch-urbanisme/secret", Map.of());
		assertThat(rotated.statusCode()).isEqualTo(200);
		String newSecret = ConsoleSession.firstMatch(SECRET, rotated.body());
		assertThat(rotated.body()).contains("L’ancien secret est refusé dès maintenant.");
		assertThat(batch.clientCredentials().statusCode()).as("the old secret").isEqualTo(401);
		assertThat(batch.withSecret(newSecret).clientCredentials().statusCode()).isEqualTo(200);

		HttpResponse<String> edited = CONSOLE.post(syndicate, "/console/clients/batch-urbanisme", Map.of("name",
				"Batch urbanisme (nuit)", "grantTypes", "client_credentials", "confidential", "true", "requirePkce",
				"true", "scopes", "urbanisme.read urbanisme.write", "accessTokenTtl", "10m", "refreshTokenTtl", "8h",
				"mfa", "none"));
		assertThat(edited.statusCode()).as(edited.body()).isEqualTo(302);
		assertThat(Browser.location(edited)).endsWith("/console/clients/batch-urbanisme?done=updated");
		assertThat(CONSOLE.get(syndicate, "/console/clients/batch-urbanisme?done=updated").body())
			.contains("Batch urbanisme (nuit)").contains("urbanisme.read urbanisme.write")
			.contains("Les réglages de l’application ont été enregistrés.");
		assertThat(batch.withSecret(newSecret).clientCredentials().statusCode()).as("the secret is kept")
			.isEqualTo(200);

		assertThat(CONSOLE.get(syndicate, "/console/clients/batch-urbanisme/remove").body())
			.contains("Supprimer l’application Batch urbanisme (nuit) ?");
		HttpResponse<String> removed = CONSOLE.post(syndicate, "/console/clients/batch-urbanisme/remove", Map.of());
		assertThat(removed.statusCode()).isEqualTo(302);
		assertThat(this.registry.find("batch-urbanisme")).isEmpty();
		assertThat(batch.withSecret(newSecret).clientCredentials().statusCode()).isEqualTo(401);
		assertThat(CONSOLE.get(syndicate, "/console/clients?done=removed").body())
			.contains("L’application a été supprimée et ses jetons révoqués.").doesNotContain("batch-urbanisme");
	}

	@Test
	void aRefusedFormSaysWhatIsWrongAndRegistersNothing() {
		HttpResponse<String> refused = CONSOLE.post(syndicate, "/console/clients", Map.of("clientId", "mauvaise",
				"name", "Mauvaise", "redirectUris", "https://app.example.fr/callback#fragment", "grantTypes",
				"authorization_code", "confidential", "true", "requirePkce", "true", "scopes", "openid",
				"accessTokenTtl", "5m", "refreshTokenTtl", "8h", "mfa", "none"));

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("<title>Erreur – ")
			.contains("Adresse de retour refusée")
			.contains("href=\"#redirect_uris\"")
			.contains("aria-invalid=\"true\"")
			.contains("https://app.example.fr/callback#fragment");
		assertThat(this.registry.find("mauvaise")).isEmpty();

		HttpResponse<String> configured = CONSOLE.post(syndicate, "/console/clients/demo-portal", Map.of("name", "x",
				"grantTypes", "client_credentials", "confidential", "true", "requirePkce", "true", "scopes", "openid",
				"accessTokenTtl", "5m", "refreshTokenTtl", "8h", "mfa", "none"));
		assertThat(configured.statusCode()).isEqualTo(409);
		assertThat(this.registry.find("demo-portal").orElseThrow().name()).isEqualTo("Portail de démonstration");
		assertThat(CONSOLE.get(syndicate, "/console/clients/demo-portal").body())
			.contains("Cette application est déclarée dans la configuration du serveur")
			.doesNotContain("Enregistrer les réglages");
	}

	@Test
	void aCommuneAdminReadsTheClientsOpenToItsCommuneAndChangesNone() {
		HttpResponse<String> list = CONSOLE.get(rivebelle, "/console/clients");
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains("demo-portal").doesNotContain("Enregistrer une application");
		assertThat(CONSOLE.get(rivebelle, "/console/clients/demo-portal").body()).contains("Portail de démonstration")
			.doesNotContain("Enregistrer les réglages").doesNotContain("Créer un nouveau secret");
		assertThat(CONSOLE.get(rivebelle, "/console/register-client").statusCode()).isEqualTo(403);
		assertThat(CONSOLE.post(rivebelle, "/console/clients", Map.of("clientId", "a-moi", "name", "A moi",
				"grantTypes", "client_credentials", "confidential", "true", "scopes", "openid")).statusCode())
			.isEqualTo(403);
		assertThat(this.registry.find("a-moi")).isEmpty();
	}

}
