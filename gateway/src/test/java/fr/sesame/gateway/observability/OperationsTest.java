package fr.sesame.gateway.observability;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.reactive.function.client.WebClient;

import fr.sesame.directory.support.LoopbackPorts;
import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.signin.ProviderMetadata;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health (with Redis and auth-server), metrics per application, one JSON access-log line per request.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest {

	@Test
	void healthIncludesRedisAndTheProvider() {
		Fixture fixture = FakeProviderGateways.redis();
		HttpResponse<String> health = new Browser().get(fixture.gateway().managementUrl("/actuator/health"),
				Map.of("Accept", "application/json"));
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"")
			.contains("\"redis\":{\"status\":\"UP\"}")
			.contains("\"authServer\":{\"status\":\"UP\"}")
			.as("no details for anonymous callers: Redis version, disk paths, latencies")
			.doesNotContain("version")
			.doesNotContain("path")
			.doesNotContain("latencyMs");
	}

	@Test
	void thePortAgentsReachServesNoActuator() {
		Fixture fixture = FakeProviderGateways.memory();
		for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator")) {
			HttpResponse<String> response = new Browser().get(fixture.url(path), Map.of("Accept", "text/plain"));
			assertThat(response.statusCode()).as(path).isNotEqualTo(200);
			assertThat(response.body()).as(path).doesNotContain("sesame_gateway").doesNotContain("\"status\"");
		}
	}

	@Test
	void aProviderThatIsDownShowsInHealth() {
		ProviderMetadata unreachable = new ProviderMetadata(URI.create("http://localhost:" + LoopbackPorts.free()),
				WebClient.create(), Duration.ofSeconds(2));
		Health health = new AuthServerHealth(unreachable, Duration.ofSeconds(5)).health().block();
		assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
		assertThat(health.getDetails()).containsKey("reason");
	}

	@Test
	void metricsCountRequestsDenialsAndUpstreamLatencyPerApplication() {
		Fixture fixture = FakeProviderGateways.memory();
		Browser browser = fixture.signedIn(TestOpenIdProvider.agent("jdupont", "montclair", Set.of("agent")));
		String openAllowed = "sesame_gateway_requests_seconds_count{application=\"open\",decision=\"allow\",status=\"200\"}";
		double before = count(scrapeUntil(fixture, (text) -> true), openAllowed);
		browser.get(fixture.url("/open/x"));
		browser.get(fixture.url("/open/y"));
		browser.get(fixture.url("/etat-civil/x"));

		// Meters are kept once looked up: both requests are counted, on the same timer.
		String metrics = scrapeUntil(fixture, (text) -> count(text, openAllowed) >= before + 2);

		assertThat(count(metrics, openAllowed)).isGreaterThanOrEqualTo(before + 2);
		assertThat(metrics).containsPattern("sesame_gateway_requests_seconds_count\\{application=\"open\",decision=\"allow\",status=\"200\"\\} [1-9]")
			.containsPattern("sesame_gateway_denials_total\\{application=\"etat-civil\",reason=\"commune_not_allowed\"\\} [1-9]")
			.containsPattern("sesame_gateway_upstream_seconds_count\\{application=\"open\",outcome=\"2xx\"\\} [1-9]");
	}

	@Test
	void everyRequestWritesOneJsonAccessLogLineWithoutSecrets(CapturedOutput output) {
		Fixture fixture = FakeProviderGateways.memory();
		Browser browser = fixture.signedIn(TestOpenIdProvider.agent("alog", "rivebelle", Set.of("agent")));
		String cookie = browser.cookie("SESAME_GATEWAY").orElseThrow();
		browser.get(fixture.url("/open/journal?secret=token123"));

		String line = accessLogLine(output, "/open/journal");
		// Every field of the line, nested as ECS nests dotted keys.
		assertThat(line).startsWith("{")
			.endsWith("}")
			.contains("\"logger\":\"sesame.access\"")
			.contains("\"message\":\"access\"")
			.contains("\"http\":{\"request\":{\"method\":\"GET\"},\"response\":{\"status_code\":200}}")
			.contains("\"url\":{\"path\":\"/open/journal\"}")
			.contains("\"kind\":\"browser\"")
			.containsPattern("\"user\":\\{\"id\":\"[^\"]+\",\"name\":\"alog\"\\}")
			.contains("\"status_code\":200")
			.contains("\"application\":\"open\"")
			.contains("\"decision\":\"allow\"")
			.contains("\"commune\":\"rivebelle\"")
			.contains("\"name\":\"alog\"")
			.contains("\"duration_ms\":")
			.doesNotContain("token123")
			.doesNotContain(cookie);
	}

	/** Request metrics are recorded as the exchange completes, which may be just after the client has the response. */
	private static String scrapeUntil(Fixture fixture, Predicate<String> expected) {
		String metrics = scrape(fixture);
		for (int i = 0; i < 100 && !expected.test(metrics); i++) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			metrics = scrape(fixture);
		}
		return metrics;
	}

	private static String scrape(Fixture fixture) {
		return new Browser().get(fixture.gateway().managementUrl("/actuator/prometheus"), Map.of("Accept", "text/plain"))
			.body();
	}

	/** The value of one series in a Prometheus scrape, 0 when it is not there yet. */
	private static double count(String metrics, String series) {
		return metrics.lines()
			.filter((line) -> line.startsWith(series + " "))
			.mapToDouble((line) -> Double.parseDouble(line.substring(series.length() + 1).trim()))
			.findFirst()
			.orElse(0);
	}

	/** The line is written as the exchange completes, which may be just after the client has the response. */
	private static String accessLogLine(CapturedOutput output, String path) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			Optional<String> line = output.getOut()
				.lines()
				.filter((l) -> l.contains("\"sesame.access\"") && l.contains("\"path\":\"" + path + "\""))
				.findFirst();
			if (line.isPresent()) {
				return line.get();
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new AssertionError("no access-log line for " + path + " in " + output.getOut());
	}

}
