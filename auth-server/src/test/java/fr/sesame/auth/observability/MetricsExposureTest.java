package fr.sesame.auth.observability;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.DemoServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Out of the box, on the port agents and relying parties reach: health for load balancers, no metrics (they name
 * clients, communes and sign-in outcomes). {@link OperationsTest} scrapes them where the chart serves them.
 */
class MetricsExposureTest extends DemoServerTest {

	@Test
	void healthIsServedAndMetricsAreNot() {
		assertThat(new Browser().get(ISSUER + "/actuator/health", Map.of("Accept", "application/json")).statusCode())
			.isEqualTo(200);

		HttpResponse<String> metrics = new Browser().get(ISSUER + "/actuator/prometheus", Map.of("Accept", "text/plain"));
		assertThat(metrics.statusCode()).isNotEqualTo(200);
		assertThat(metrics.body()).doesNotContain("sesame_");
	}

}
