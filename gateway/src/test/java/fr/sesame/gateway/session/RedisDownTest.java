package fr.sesame.gateway.session;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.directory.support.LoopbackPorts;
import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.OwnGateway;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The documented behaviour when Redis cannot be reached: anything that needs a session fails closed (503 page, the
 * upstream hears nothing); bearer-token API calls still work, and each replica keeps limiting them on its own
 * buckets.
 */
class RedisDownTest {

	private static OwnGateway own;

	@BeforeAll
	static void start() {
		own = OwnGateway.start("redis", Map.of("spring.data.redis.port", LoopbackPorts.free(),
				"spring.data.redis.timeout", "500ms", "spring.data.redis.connect-timeout", "500ms"));
	}

	@BeforeEach
	void forgetEarlierRequests() {
		own.upstream().reset();
	}

	@AfterAll
	static void stop() {
		own.close();
	}

	@Test
	void browsersGetAServiceUnavailablePageAndNothingReachesTheUpstream() {
		Browser browser = new Browser();
		browser.setCookie(own.gateway().url(""), "SESAME_GATEWAY", "a-session-that-cannot-be-checked");

		HttpResponse<String> response = browser.get(own.gateway().url("/open/x"));

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("data-failure=\"store_unavailable\"").doesNotContain("Exception");
		assertThat(own.upstream().requests()).isEmpty();
	}

	@Test
	void bearerCallsStillWorkAndAreLimitedByThisReplica() {
		String token = own.provider()
			.accessToken("api-client", TestOpenIdProvider.agent("api", "rivebelle", Set.of("agent")));
		Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			statuses.add(new Browser().get(own.gateway().url("/limited/x"), headers).statusCode());
		}
		// The agent's burst of 2 (one more if a second passed meanwhile), then 429: not open, not closed.
		assertThat(statuses.subList(0, 2)).containsOnly(200);
		assertThat(statuses).contains(429);
	}

}
