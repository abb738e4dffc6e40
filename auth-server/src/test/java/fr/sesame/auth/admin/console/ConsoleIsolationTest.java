package fr.sesame.auth.admin.console;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import fr.sesame.auth.audit.AuditQuery;
import fr.sesame.auth.audit.AuditStore;
import fr.sesame.auth.client.registry.ApplicationForm;
import fr.sesame.auth.client.registry.ClientRegistry;
import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolation, console page by console page, through HTTP with a real session: the commune admin of Rivebelle, asking
 * every console page about Montclair, gets the very page a commune that does not exist gets (404), with no Montclair
 * data in it; and nothing it tried changed Montclair (Montclair's admin, the target of the agent actions, is still
 * signed in with its factors, and Montclair's assignment is untouched). The pages are read from Spring MVC's
 * mappings: a console page added without a case here fails {@link #everyConsolePageHasAnIsolationCase}.
 */
class ConsoleIsolationTest extends DemoServerTest {

	private static final ConsoleSession CONSOLE = new ConsoleSession(ISSUER);

	/** A commune id that exists nowhere: what a rival commune must look like. */
	private static final String NOWHERE = "nowhere";

	private static final Pattern ASSIGNMENT_ID = Pattern.compile("id=\"assignment-([0-9a-f-]{36})\"");

	private static Browser rivebelle;

	private static Browser montclair;

	private static String montclairAssignment;

	private static boolean prepared;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	@Autowired
	private AuditStore audit;

	@Autowired
	private ClientRegistry clients;

	private final Map<String, Case> cases = cases();

	@BeforeEach
	synchronized void montclairHasData() {
		// Once per server, failed or not: a second sign-in within the same 30 seconds would replay a TOTP code.
		if (prepared) {
			assertThat(montclairAssignment).as("Montclair's data, made before the first test").isNotNull();
			return;
		}
		prepared = true;
		this.clients.register("montclair-app", ApplicationForm.empty()
			.with(Map.of("name", "Etat civil de Montclair", "grant_types", List.of("client_credentials"), "communes",
					List.of("montclair"))));
		rivebelle = CONSOLE.signIn("zdarc@rivebelle.fr");
		montclair = CONSOLE.signIn("nlemaitre@montclair.fr");
		HttpResponse<String> granted = CONSOLE.post(montclair, "/console/communes/montclair/assignments",
				Map.of("login", "mcdaragon", "grant", "demo-portal/officier-etat-civil", "expiresAt", ""));
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(302);
		montclairAssignment = ConsoleSession.firstMatch(ASSIGNMENT_ID,
				CONSOLE.get(montclair, "/console/communes/montclair/assignments").body());
	}

	private static Map<String, Case> cases() {
		Map<String, Case> cases = new LinkedHashMap<>();
		cases.put("GET /console", Case.global("/console", 200));
		cases.put("GET /console/communes/{communeId}/applications",
				Case.get((c) -> "/console/communes/" + c + "/applications"));
		cases.put("POST /console/communes/{communeId}/sync/confirmation",
				Case.post((c) -> "/console/communes/" + c + "/sync/confirmation", Map.of("heldLeavers", "1")));
		cases.put("GET /console/communes/{communeId}/agents", Case.get((c) -> "/console/communes/" + c + "/agents?q=n"));
		cases.put("GET /console/communes/{communeId}/agents/{login}",
				Case.get((c) -> "/console/communes/" + c + "/agents/nlemaitre"));
		cases.put("GET /console/communes/{communeId}/agents/{login}/sign-out",
				Case.get((c) -> "/console/communes/" + c + "/agents/nlemaitre/sign-out"));
		cases.put("POST /console/communes/{communeId}/agents/{login}/sign-out",
				Case.post((c) -> "/console/communes/" + c + "/agents/nlemaitre/sign-out", Map.of()));
		cases.put("GET /console/communes/{communeId}/agents/{login}/reset-factors",
				Case.get((c) -> "/console/communes/" + c + "/agents/nlemaitre/reset-factors"));
		cases.put("POST /console/communes/{communeId}/agents/{login}/reset-factors",
				Case.post((c) -> "/console/communes/" + c + "/agents/nlemaitre/reset-factors", Map.of()));
		cases.put("GET /console/communes/{communeId}/assignments",
				Case.get((c) -> "/console/communes/" + c + "/assignments"));
		cases.put("POST /console/communes/{communeId}/assignments",
				Case.post((c) -> "/console/communes/" + c + "/assignments",
						Map.of("login", "mcdaragon", "grant", "demo-portal/agent", "expiresAt", "")));
		cases.put("POST /console/communes/{communeId}/assignments/import",
				new Case("UPLOAD", (c) -> "/console/communes/" + c + "/assignments/import", Map.of(), 404, true));
		cases.put("POST /console/communes/{communeId}/assignments/{assignmentId}/expiry",
				Case.post((c) -> "/console/communes/" + c + "/assignments/" + montclairAssignment + "/expiry",
						Map.of("expiresAt", "2030-01-01")));
		cases.put("POST /console/communes/{communeId}/assignments/{assignmentId}/remove",
				Case.post((c) -> "/console/communes/" + c + "/assignments/" + montclairAssignment + "/remove",
						Map.of()));
		cases.put("GET /console/audit", Case.get((c) -> "/console/audit?commune=" + c));
		cases.put("GET /console/audit.csv", Case.get((c) -> "/console/audit.csv?commune=" + c));
		// Applications: Rivebelle's admin reads only the clients open to Rivebelle (montclair-app is open to
		// Montclair alone, nowhere-app does not exist) and changes none, whichever exists.
		cases.put("GET /console/clients", Case.global("/console/clients", 200));
		cases.put("GET /console/register-client", Case.global("/console/register-client", 403));
		cases.put("POST /console/clients", new Case("POST", (c) -> "/console/clients",
				Map.of("clientId", "other-app", "name", "Other", "grantTypes", "client_credentials"), 403, true));
		cases.put("GET /console/clients/{clientId}", Case.get((c) -> "/console/clients/" + c + "-app"));
		cases.put("POST /console/clients/{clientId}", new Case("POST", (c) -> "/console/clients/" + c + "-app",
				Map.of("name", "Taken", "grantTypes", "client_credentials"), 403, true));
		cases.put("POST /console/clients/{clientId}/secret",
				new Case("POST", (c) -> "/console/clients/" + c + "-app/secret", Map.of(), 403, true));
		cases.put("GET /console/clients/{clientId}/remove",
				new Case("GET", (c) -> "/console/clients/" + c + "-app/remove", Map.of(), 403, true));
		cases.put("POST /console/clients/{clientId}/remove",
				new Case("POST", (c) -> "/console/clients/" + c + "-app/remove", Map.of(), 403, true));
		return cases;
	}

	@Test
	void everyConsolePageHasAnIsolationCase() {
		assertThat(consolePages()).as("console pages (add a case to this test for a new one)")
			.containsExactlyInAnyOrderElementsOf(this.cases.keySet());
	}

	@Test
	void rivebellesAdminLearnsNothingOfMontclairFromAnyPage() {
		String montclairView = montclairView();
		for (Map.Entry<String, Case> entry : this.cases.entrySet()) {
			Case call = entry.getValue();
			HttpResponse<String> aboutMontclair = call.send(rivebelle, "montclair");
			assertThat(aboutMontclair.statusCode()).as(entry.getKey() + " " + aboutMontclair.body())
				.isEqualTo(call.status());
			assertNoMontclairData(entry.getKey(), aboutMontclair.body());
			if (call.communeScoped()) {
				HttpResponse<String> aboutNowhere = call.send(rivebelle, NOWHERE);
				assertThat(ConsoleSession.stable(aboutMontclair.body()))
					.as(entry.getKey() + ": Montclair looks like a commune that does not exist")
					.isEqualTo(ConsoleSession.stable(aboutNowhere.body()));
				assertThat(aboutMontclair.statusCode()).isEqualTo(aboutNowhere.statusCode());
			}
		}
		assertThat(montclairView()).as("nothing changed in Montclair").isEqualTo(montclairView)
			.contains(montclairAssignment);
		HttpResponse<String> montclairAdmin = CONSOLE.get(montclair, "/console/communes/montclair/agents/nlemaitre");
		assertThat(montclairAdmin.statusCode()).as("Montclair's admin is still signed in").isEqualTo(200);
		assertThat(montclairAdmin.body()).as("and still has its authenticator app")
			.contains("Application d’authentification : inscrite");
		assertThat(this.audit.find(new AuditQuery(null, "montclair", Set.of("ADMIN_DENIED"), null, null, 1000)))
			.as("every refusal is audited")
			.filteredOn((entry) -> entry.dataJson().contains("other-commune"))
			.hasSizeGreaterThanOrEqualTo(
					(int) this.cases.keySet().stream().filter((page) -> page.contains("{communeId}")).count() - 1);
		assertThat(this.clients.find("montclair-app")).get()
			.satisfies((client) -> assertThat(client.name()).isEqualTo("Etat civil de Montclair"));
		assertThat(this.clients.find("other-app")).as("nothing registered").isEmpty();
	}

	@Test
	void montclairsAssignmentsAndAgentsCannotBeReachedThroughRivebellesPages() {
		String path = "/console/communes/rivebelle/assignments/" + montclairAssignment;
		assertThat(CONSOLE.post(rivebelle, path + "/remove", Map.of()).statusCode()).isEqualTo(404);
		assertThat(CONSOLE.post(rivebelle, path + "/expiry", Map.of("expiresAt", "2030-01-01")).statusCode())
			.isEqualTo(404);
		assertThat(CONSOLE.get(rivebelle, "/console/communes/rivebelle/assignments").body())
			.doesNotContain(montclairAssignment);
		for (String login : new String[] { "nlemaitre", "nlemaitre@montclair.fr" }) {
			HttpResponse<String> agent = CONSOLE.get(rivebelle, "/console/communes/rivebelle/agents/" + login);
			assertThat(agent.statusCode()).isEqualTo(404);
			assertThat(ConsoleSession.stable(agent.body())).isEqualTo(ConsoleSession
				.stable(CONSOLE.get(rivebelle, "/console/communes/rivebelle/agents/personne").body()));
			assertThat(CONSOLE.post(rivebelle, "/console/communes/rivebelle/agents/" + login + "/sign-out", Map.of())
				.statusCode()).isEqualTo(404);
		}
		HttpResponse<String> grant = CONSOLE.post(rivebelle, "/console/communes/rivebelle/assignments",
				Map.of("login", "mcdaragon@montclair.fr", "grant", "demo-portal/agent", "expiresAt", ""));
		assertThat(grant.statusCode()).isEqualTo(400);
		assertThat(grant.body()).as("an agent of Montclair is as unknown as one that does not exist")
			.contains("Aucun agent de cet identifiant dans cette commune.");
		assertThat(montclairView()).contains(montclairAssignment);
	}

	private String montclairView() {
		return ConsoleSession.stable(CONSOLE.get(montclair, "/console/communes/montclair/assignments").body());
	}

	private Set<String> consolePages() {
		Set<String> pages = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (!pattern.equals("/console") && !pattern.startsWith("/console/")) {
					continue;
				}
				if (methods.isEmpty()) {
					pages.add("ANY " + pattern);
				}
				methods.forEach((method) -> pages.add(method.name() + " " + pattern));
			}
		}
		return pages;
	}

	private static void assertNoMontclairData(String page, String body) {
		assertThat(body).as(page)
			.doesNotContain(montclairAssignment)
			.doesNotContainIgnoringCase("mcdaragon")
			.doesNotContainIgnoringCase("nlemaitre")
			.doesNotContainIgnoringCase("Lemaitre")
			.doesNotContainIgnoringCase("D'Aragon")
			.doesNotContainIgnoringCase("montclair");
	}

	/**
	 * @param method GET, POST (a form, with the session's CSRF token) or UPLOAD (the import form, a CSV file)
	 * @param path the path for a commune id
	 * @param form the form's fields
	 * @param status what Rivebelle's admin must get
	 * @param communeScoped whether the commune is in the request: then another commune must look exactly like one
	 * that does not exist
	 */
	private record Case(String method, Function<String, String> path, Map<String, String> form, int status,
			boolean communeScoped) {

		static Case get(Function<String, String> path) {
			return new Case("GET", path, Map.of(), 404, true);
		}

		static Case post(Function<String, String> path, Map<String, String> form) {
			return new Case("POST", path, form, 404, true);
		}

		static Case global(String path, int status) {
			return new Case("GET", (c) -> path, Map.of(), status, false);
		}

		HttpResponse<String> send(Browser browser, String communeId) {
			String url = this.path.apply(communeId);
			return switch (this.method) {
				case "GET" -> CONSOLE.get(browser, url);
				case "POST" -> CONSOLE.post(browser, url, this.form);
				case "UPLOAD" -> CONSOLE.upload(browser, url, "roles.csv",
						"login,client,role,expires_at\nmcdaragon,demo-portal,agent,\n");
				default -> throw new IllegalArgumentException(this.method);
			};
		}

	}

}
