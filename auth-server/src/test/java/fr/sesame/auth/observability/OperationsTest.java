package fr.sesame.auth.observability;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.CommuneRegistration;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.directory.support.LoopbackPorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators see, through the running server's HTTP endpoints and its console: health with one indicator per
 * commune directory, Prometheus metrics (sign-ins by commune and outcome, LDAP latency per commune, tokens issued by
 * grant), and JSON log lines that carry a correlation id and never a secret. Rivebelle's directory is up,
 * "downville"'s refuses connections.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest extends DemoServerTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SERVICE_BIND_PASSWORD = "Sesame-Service-2026";

	private final OidcClient client = OidcClient.demoPortal(ISSUER);

	// As the Helm chart deploys it: actuator on a port of its own, metrics there only.
	private static final int MANAGEMENT_PORT = LoopbackPorts.free();

	@DynamicPropertySource
	static void communes(DynamicPropertyRegistry registry) {
		registry.add("management.server.port", () -> MANAGEMENT_PORT);
		registry.add("management.server.address", () -> "127.0.0.1");
		registry.add("management.endpoints.web.exposure.include", () -> "health,prometheus");
		new CommuneRegistration(registry).demoRivebelle()
			.openLdap("downville", "ldap://127.0.0.1:" + LoopbackPorts.free(),
					Map.of("connect-timeout", "1s", "response-timeout", "1s"));
	}

	@Test
	void healthShowsEachCommuneDirectoryAndNothingElseAboutIt() {
		HttpResponse<String> health = actuator("/actuator/health", "application/json");
		// One commune's outage makes the whole health DOWN for monitoring...
		assertThat(health.statusCode()).isEqualTo(503);
		JsonNode communes = JSON.readTree(health.body()).path("components").path("communeDirectories");
		assertThat(communes.path("status").asString()).isEqualTo("DOWN");
		assertThat(communes.path("components").path("rivebelle").path("status").asString()).isEqualTo("UP");
		assertThat(communes.path("components").path("downville").path("status").asString()).isEqualTo("DOWN");
		assertThat(health.body()).as("no details for anonymous callers: latencies, URLs, bind DNs, errors")
			.doesNotContain("latencyMs")
			.doesNotContain("reason")
			.doesNotContain("ldap://")
			.doesNotContain("cn=sesame");

		// ...but not the readiness that load balancers and Kubernetes act on: the other communes still sign in.
		assertThat(actuator("/actuator/health/readiness", "application/json").statusCode()).isEqualTo(200);
		HttpResponse<String> one = actuator("/actuator/health/communeDirectories/rivebelle", "application/json");
		assertThat(one.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(one.body()).path("status").asString()).isEqualTo("UP");
	}

	@Test
	void theSignInPortServesNoActuatorThen() {
		for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator")) {
			HttpResponse<String> response = new Browser().get(ISSUER + path, Map.of("Accept", "text/plain"));
			assertThat(response.statusCode()).as(path).isNotEqualTo(200);
			assertThat(response.body()).as(path).doesNotContain("sesame_signins_total").doesNotContain("\"status\"");
		}
	}

	@Test
	void metricsCountSignInsByCommuneAndOutcomeDirectoryLatencyAndTokensByGrant() {
		double successes = sample(scrape(), "sesame_signins_total", "commune=\"rivebelle\",outcome=\"success\"");
		double refused = sample(scrape(), "sesame_signins_total", "commune=\"rivebelle\",outcome=\"bad_credentials\"");
		double codes = sample(scrape(), "sesame_tokens_issued_total",
				"grant=\"authorization_code\",type=\"access_token\"");
		double grants = sample(scrape(), "sesame_tokens_issued_total",
				"grant=\"client_credentials\",type=\"access_token\"");

		OidcClient.Request request = this.client.authorizationRequest("openid");
		String code = this.client.code(this.client.signIn(new Browser(), request, "jdupont@rivebelle.fr",
				OidcClient.DEMO_PASSWORD, null), request);
		assertThat(this.client.exchange(code, request.verifier()).statusCode()).isEqualTo(200);
		LoginForm.refusedAttempt(ISSUER, new Browser(), "jdupont@rivebelle.fr", "not-the-password", null);
		assertThat(this.client.clientCredentials().statusCode()).isEqualTo(200);

		String metrics = scrape();
		assertThat(sample(metrics, "sesame_signins_total", "commune=\"rivebelle\",outcome=\"success\""))
			.isEqualTo(successes + 1);
		assertThat(sample(metrics, "sesame_signins_total", "commune=\"rivebelle\",outcome=\"bad_credentials\""))
			.isEqualTo(refused + 1);
		assertThat(sample(metrics, "sesame_tokens_issued_total", "grant=\"authorization_code\",type=\"access_token\""))
			.isEqualTo(codes + 1);
		assertThat(sample(metrics, "sesame_tokens_issued_total", "grant=\"client_credentials\",type=\"access_token\""))
			.isEqualTo(grants + 1);
		// LDAP latency per commune and operation: the service account's search, then the agent's bind.
		assertThat(metrics).containsPattern(
				"sesame_directory_requests_seconds_count\\{commune=\"rivebelle\",operation=\"[a-z_]+\",outcome=\"[a-z_]+\"\\} [1-9]")
			.containsPattern("sesame_directory_requests_seconds_sum\\{commune=\"rivebelle\",");
	}

	@Test
	void logLinesAreJsonWithTheRequestsCorrelationIdAndNoSecret(CapturedOutput output) {
		String wrongPassword = "Wr0ng-Passw0rd-" + System.nanoTime();
		Browser browser = new Browser();
		HttpResponse<String> page = browser.get(ISSUER + "/login");
		HttpResponse<String> refused = browser.post(ISSUER + "/login",
				Map.of("_csrf", Browser.csrf(page.body()), "username", "jdupont@rivebelle.fr", "password", wrongPassword,
						"commune", ""),
				Map.of(CorrelationIdFilter.HEADER, "probe-0123456789"));
		assertThat(refused.headers().firstValue(CorrelationIdFilter.HEADER)).contains("probe-0123456789");
		HttpResponse<JsonNode> tokens = this.client.clientCredentials();
		String accessToken = tokens.body().path("access_token").asString();

		List<String> lines = output.getOut().lines().filter((line) -> line.contains("probe-0123456789")).toList();
		assertThat(lines).as("the refused sign-in's log lines, with its correlation id").isNotEmpty();
		assertThat(lines).allSatisfy((line) -> {
			JsonNode json = JSON.readTree(line);
			assertThat(json.path("correlation_id").asString()).isEqualTo("probe-0123456789");
			assertThat(json.path("@timestamp").asString()).isNotEmpty();
			assertThat(json.path("log").path("level").asString()).isNotEmpty();
		});
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("Sign-in refused").contains("rivebelle"));
		assertThat(output.getAll()).doesNotContain(wrongPassword)
			.doesNotContain(accessToken)
			.doesNotContain(SERVICE_BIND_PASSWORD)
			.doesNotContain("demo-portal-secret-change-me");
	}

	@Test
	void aHostileCorrelationIdIsReplacedNotLogged(CapturedOutput output) {
		String hostile = "{\"forged\":true}" + "y".repeat(100);
		HttpResponse<String> page = new Browser().get(ISSUER + "/login",
				Map.of(CorrelationIdFilter.HEADER, "too short"));
		String issued = page.headers().firstValue(CorrelationIdFilter.HEADER).orElseThrow();
		assertThat(issued).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		HttpResponse<String> other = new Browser().get(ISSUER + "/login",
				Map.of(CorrelationIdFilter.HEADER, hostile));
		assertThat(other.headers().firstValue(CorrelationIdFilter.HEADER).orElseThrow()).doesNotContain("forged")
			.hasSize(36);
		assertThat(output.getAll()).doesNotContain("forged");
	}

	private static HttpResponse<String> actuator(String path, String accept) {
		return new Browser().get("http://127.0.0.1:" + MANAGEMENT_PORT + path, Map.of("Accept", accept));
	}

	private static String scrape() {
		HttpResponse<String> response = actuator("/actuator/prometheus", "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	/** A counter's value in Prometheus text, 0 when it has not been created yet. */
	private static double sample(String metrics, String name, String labels) {
		Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels) + "[^}]*\\} (\\S+)$")
			.matcher(metrics);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

}
