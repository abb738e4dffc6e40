package fr.sesame.auth.admin.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import fr.sesame.auth.client.registry.ApplicationForm;
import fr.sesame.auth.client.registry.ClientRegistry;
import fr.sesame.auth.support.AdminTokens;
import fr.sesame.auth.support.DemoServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolation, endpoint by endpoint: the commune admin of Rivebelle, calling every admin endpoint about Montclair,
 * gets the very answer a commune that does not exist gets (404, or a list filtered down to Rivebelle), and no
 * Montclair data in the body; and nothing it tried changed Montclair. The endpoints are read from Spring MVC's
 * mappings: an admin endpoint added without a case here fails {@link #everyAdminEndpointHasAnIsolationCase}, and
 * one the OpenAPI document does not describe fails {@link #theOpenApiDocumentDescribesEveryAdminEndpoint}.
 */
class AdminApiIsolationTest extends DemoServerTest {

	private static final AdminTokens ADMINS = new AdminTokens(ISSUER);

	/** A commune id that exists nowhere: what a rival commune must look like. */
	private static final String NOWHERE = "nowhere";

	private static String montclairAssignment;

	private static String montclairAdminSub;

	private final AdminApiClient api = new AdminApiClient(ISSUER);

	@Autowired
	private ClientRegistry clients;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	private RequestMappingHandlerMapping mappings;

	/** Method and pattern → how Rivebelle's admin calls it about another commune, and what it must get. */
	private final Map<String, Case> cases = cases();

	@BeforeEach
	synchronized void montclairHasData() {
		if (montclairAssignment != null) {
			return;
		}
		this.clients.register("montclair-app", ApplicationForm.empty()
			.with(Map.of("name", "Etat civil de Montclair", "grant_types", List.of("client_credentials"), "communes",
					List.of("montclair"))));
		String montclair = ADMINS.of("nlemaitre@montclair.fr");
		HttpResponse<String> granted = this.api.post(montclair, "/api/admin/communes/montclair/assignments",
				"{\"login\":\"mcdaragon\",\"client\":\"demo-portal\",\"role\":\"officier-etat-civil\"}");
		assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
		montclairAssignment = AdminApiClient.json(granted).get("id").asString();
		montclairAdminSub = AdminApiClient.json(granted).get("granted_by").asString();
	}

	private static Map<String, Case> cases() {
		Map<String, Case> cases = new LinkedHashMap<>();
		cases.put("GET /api/admin/openapi.json", Case.global((c) -> "/api/admin/openapi.json", 200));
		cases.put("GET /api/admin/communes", Case.global((c) -> "/api/admin/communes", 200));
		cases.put("GET /api/admin/communes/{communeId}/agents",
				Case.of("GET", (c) -> "/api/admin/communes/" + c + "/agents?q=m"));
		cases.put("GET /api/admin/communes/{communeId}/agents/{login}",
				Case.of("GET", (c) -> "/api/admin/communes/" + c + "/agents/mcdaragon"));
		cases.put("DELETE /api/admin/communes/{communeId}/agents/{login}/factors",
				new Case("DELETE", (c) -> "/api/admin/communes/" + c + "/agents/mcdaragon/factors", null, null, 404,
						true));
		cases.put("GET /api/admin/communes/{communeId}/assignments",
				Case.of("GET", (c) -> "/api/admin/communes/" + c + "/assignments"));
		cases.put("POST /api/admin/communes/{communeId}/assignments", new Case("POST",
				(c) -> "/api/admin/communes/" + c + "/assignments", "application/json",
				"{\"login\":\"mcdaragon\",\"client\":\"demo-portal\",\"role\":\"agent\"}", 404, true));
		cases.put("POST /api/admin/communes/{communeId}/assignments/import", new Case("POST",
				(c) -> "/api/admin/communes/" + c + "/assignments/import", "text/csv",
				"login,client,role,expires_at\nmcdaragon,demo-portal,agent,\n", 404, true));
		cases.put("DELETE /api/admin/communes/{communeId}/assignments/{assignmentId}",
				Case.of("DELETE", (c) -> "/api/admin/communes/" + c + "/assignments/" + montclairAssignment));
		cases.put("PATCH /api/admin/communes/{communeId}/assignments/{assignmentId}", new Case("PATCH",
				(c) -> "/api/admin/communes/" + c + "/assignments/" + montclairAssignment, "application/json",
				"{\"expires_at\":\"2030-01-01\"}", 404, true));
		cases.put("GET /api/admin/audit", Case.of("GET", (c) -> "/api/admin/audit?commune=" + c));
		cases.put("GET /api/admin/audit.csv", Case.of("GET", (c) -> "/api/admin/audit.csv?commune=" + c));
		cases.put("POST /api/admin/communes/{communeId}/sync/confirmation", new Case("POST",
				(c) -> "/api/admin/communes/" + c + "/sync/confirmation", "application/json", "{\"held_leavers\":1}",
				404, true));
		// Syndicate-wide, about no commune: a commune admin is refused whatever it asks.
		cases.put("GET /api/admin/audit/verify", Case.global((c) -> "/api/admin/audit/verify", 403));
		// Applications: Rivebelle's admin reads only the clients open to Rivebelle (montclair-app is open to
		// Montclair alone, nowhere-app does not exist) and changes none, whichever exists.
		cases.put("GET /api/admin/clients", Case.global((c) -> "/api/admin/clients", 200));
		cases.put("GET /api/admin/clients/{clientId}", Case.of("GET", (c) -> "/api/admin/clients/" + c + "-app"));
		cases.put("POST /api/admin/clients", new Case("POST", (c) -> "/api/admin/clients", "application/json",
				"{\"client_id\":\"other-app\",\"name\":\"Other\",\"grant_types\":[\"client_credentials\"]}", 403,
				true));
		cases.put("PUT /api/admin/clients/{clientId}", new Case("PUT", (c) -> "/api/admin/clients/" + c + "-app",
				"application/json", "{\"name\":\"Taken\",\"grant_types\":[\"client_credentials\"]}", 403, true));
		cases.put("PATCH /api/admin/clients/{clientId}", new Case("PATCH",
				(c) -> "/api/admin/clients/" + c + "-app", "application/json", "{\"name\":\"Taken\"}", 403, true));
		cases.put("DELETE /api/admin/clients/{clientId}",
				new Case("DELETE", (c) -> "/api/admin/clients/" + c + "-app", null, null, 403, true));
		cases.put("POST /api/admin/clients/{clientId}/secret",
				new Case("POST", (c) -> "/api/admin/clients/" + c + "-app/secret", null, null, 403, true));
		return cases;
	}

	@Test
	void everyAdminEndpointHasAnIsolationCase() {
		assertThat(adminEndpoints()).as("admin endpoints (add a case to this test for a new one)")
			.containsExactlyInAnyOrderElementsOf(this.cases.keySet());
	}

	@Test
	void rivebellesAdminLearnsNothingOfMontclairFromAnyEndpoint() {
		String rivebelle = ADMINS.of("zdarc@rivebelle.fr");
		String montclairView = this.api.get(ADMINS.of("nlemaitre@montclair.fr"), "/api/admin/communes/montclair/assignments")
			.body();
		for (Map.Entry<String, Case> entry : this.cases.entrySet()) {
			Case call = entry.getValue();
			HttpResponse<String> aboutMontclair = call.send(this.api, rivebelle, "montclair");
			assertThat(aboutMontclair.statusCode()).as(entry.getKey() + " " + aboutMontclair.body())
				.isEqualTo(call.status());
			assertNoMontclairData(entry.getKey(), aboutMontclair.body(), call.communeScoped());
			if (call.communeScoped()) {
				HttpResponse<String> aboutNowhere = call.send(this.api, rivebelle, NOWHERE);
				assertThat(aboutMontclair.body()).as(entry.getKey() + ": Montclair looks like a commune that does not exist")
					.isEqualTo(aboutNowhere.body());
				assertThat(aboutMontclair.statusCode()).isEqualTo(aboutNowhere.statusCode());
			}
		}
		assertThat(this.api.get(ADMINS.of("nlemaitre@montclair.fr"), "/api/admin/communes/montclair/assignments")
			.body()).as("nothing changed in Montclair").isEqualTo(montclairView).contains(montclairAssignment);
		assertThat(this.clients.find("montclair-app")).get()
			.satisfies((client) -> assertThat(client.name()).isEqualTo("Etat civil de Montclair"));
		assertThat(this.clients.find("other-app")).as("nothing registered").isEmpty();
	}

	@Test
	void anAssignmentOfMontclairCannotBeReachedThroughRivebellesPath() {
		String rivebelle = ADMINS.of("zdarc@rivebelle.fr");
		String path = "/api/admin/communes/rivebelle/assignments/" + montclairAssignment;

		assertThat(this.api.delete(rivebelle, path).statusCode()).isEqualTo(404);
		assertThat(this.api.patch(rivebelle, path, "{\"expires_at\":null}").statusCode()).isEqualTo(404);
		assertThat(this.api.get(rivebelle, "/api/admin/communes/rivebelle/assignments").body())
			.doesNotContain(montclairAssignment);
		assertThat(this.api.post(rivebelle, "/api/admin/communes/rivebelle/assignments",
				"{\"login\":\"mcdaragon@montclair.fr\",\"client\":\"demo-portal\",\"role\":\"agent\"}").body())
			.as("an agent of Montclair is as unknown as one that does not exist")
			.isEqualTo(this.api.post(rivebelle, "/api/admin/communes/rivebelle/assignments",
					"{\"login\":\"personne@montclair.fr\",\"client\":\"demo-portal\",\"role\":\"agent\"}")
				.body()
				.replace("personne@montclair.fr", "mcdaragon@montclair.fr"));
		assertThat(this.api.get(ADMINS.of("nlemaitre@montclair.fr"), "/api/admin/communes/montclair/assignments")
			.body()).contains(montclairAssignment);
	}

	@Test
	void theOpenApiDocumentDescribesEveryAdminEndpoint() throws IOException {
		JsonNode document;
		try (InputStream in = new ClassPathResource(OpenApiController.DOCUMENT).getInputStream()) {
			document = JsonMapper.builder().build().readTree(in);
		}
		Set<String> described = new TreeSet<>();
		document.get("paths").properties().forEach((path) -> path.getValue().propertyNames()
			.forEach((method) -> described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
		assertThat(described).containsExactlyInAnyOrderElementsOf(adminEndpoints());
		assertThat(document.get("openapi").asString()).isEqualTo("3.1.0");
	}

	private Set<String> adminEndpoints() {
		Set<String> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (!pattern.startsWith("/api/admin")) {
					continue;
				}
				if (methods.isEmpty()) {
					endpoints.add("ANY " + pattern);
				}
				methods.forEach((method) -> endpoints.add(method.name() + " " + pattern));
			}
		}
		return endpoints;
	}

	private static void assertNoMontclairData(String endpoint, String body, boolean communeScoped) {
		assertThat(body).as(endpoint)
			.doesNotContain(montclairAssignment)
			.doesNotContain(montclairAdminSub)
			.doesNotContainIgnoringCase("mcdaragon")
			.doesNotContainIgnoringCase("nlemaitre")
			.doesNotContainIgnoringCase("D'Aragon");
		if (!endpoint.contains("openapi") && !endpoint.contains("/audit")) {
			assertThat(body).as(endpoint).doesNotContainIgnoringCase("montclair");
		}
	}

	/**
	 * @param method the HTTP method
	 * @param path the path for a commune id
	 * @param contentType the body's type, or {@code null}
	 * @param body the body, or {@code null}
	 * @param status what Rivebelle's admin must get
	 * @param communeScoped whether the commune is in the request: then another commune must look exactly like one
	 * that does not exist
	 */
	private record Case(String method, Function<String, String> path, String contentType, String body, int status,
			boolean communeScoped) {

		static Case of(String method, Function<String, String> path) {
			return new Case(method, path, null, null, 404, true);
		}

		static Case global(Function<String, String> path, int status) {
			return new Case("GET", path, null, null, status, false);
		}

		HttpResponse<String> send(AdminApiClient api, String token, String communeId) {
			return api.send(token, this.method, this.path.apply(communeId), this.contentType, this.body);
		}

	}

}
