package fr.sesame.gateway.ratelimit;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.GatewayInstance;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code limited} application lets each agent burst 2 requests (1 per second after that) and each address 6:
 * the next request gets 429 with Retry-After and never reaches the upstream. With Redis the buckets are shared by
 * the replicas.
 */
class RateLimitTest {

	@Test
	void anAgentOverItsBurstGets429WithRetryAfterInMemory() {
		Fixture fixture = FakeProviderGateways.memory();
		assertAgentLimited(fixture, fixture.gateways()[0], fixture.gateways()[0], "memory");
	}

	@Test
	void theBucketsAreSharedByReplicasThroughRedis() {
		Fixture fixture = FakeProviderGateways.redis();
		assertAgentLimited(fixture, fixture.gateways()[0], fixture.gateways()[1], "redis");
	}

	@Test
	void manyAgentsFromOneAddressAreLimitedTogether() {
		Fixture fixture = FakeProviderGateways.redis();
		fixture.reset();
		Browser client = new Browser();
		HttpResponse<String> refused = null;
		for (int i = 0; i < 30 && refused == null; i++) {
			String token = fixture.provider().accessToken("api-client",
					TestOpenIdProvider.agent("crowd-" + i + "-" + System.nanoTime(), "rivebelle", Set.of("agent")));
			HttpResponse<String> response = client.get(fixture.gateways()[i % 2].url("/limited/x"),
					Map.of("Authorization", "Bearer " + token, "Accept", "application/json", "X-Forwarded-For",
							"198.51.100.7"));
			if (response.statusCode() == 429) {
				refused = response;
			}
		}
		assertThat(refused).as("one agent's first request refused because of its address").isNotNull();
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
	}

	@Test
	void aBrowserOverItsBurstGetsAPageSayingWhenToComeBack() {
		Fixture fixture = FakeProviderGateways.memory();
		fixture.reset();
		Browser browser = fixture.signedIn(TestOpenIdProvider.agent("page-" + System.nanoTime(), "rivebelle", Set.of("agent")));
		HttpResponse<String> last = null;
		for (int i = 0; i < 3; i++) {
			last = browser.get(fixture.url("/limited/x"));
		}
		assertThat(last.statusCode()).isEqualTo(429);
		assertThat(last.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(last.body()).contains("Trop de requêtes vers Limitée : réessayez dans 1 seconde(s).");
	}

	private static void assertAgentLimited(Fixture fixture, GatewayInstance first,
			GatewayInstance second, String mode) {
		fixture.reset();
		String token = fixture.provider().accessToken("api-client",
				TestOpenIdProvider.agent("burst-" + mode + "-" + System.nanoTime(), "rivebelle", Set.of("agent")));
		// Behind the redis replicas' trusted proxy, each run comes from its own client address.
		String address = "203.0.113." + (1 + (int) (System.nanoTime() % 250));
		Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Accept", "application/json",
				"X-Forwarded-For", address);
		Browser client = new Browser();

		// Redis' limiter counts in whole seconds, so a burst that straddles a second gets one more token: five quick
		// requests must see the burst of 2 (plus at most that token) pass, then 429s.
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			responses.add(client.get(((i % 2 == 0) ? first : second).url("/limited/" + i), headers));
		}

		long allowed = responses.stream().filter((response) -> response.statusCode() == 200).count();
		assertThat(allowed).isBetween(2L, 3L);
		assertThat(responses.subList(0, 2)).allSatisfy((response) -> assertThat(response.statusCode()).isEqualTo(200));
		HttpResponse<String> refused = responses.stream()
			.filter((response) -> response.statusCode() == 429)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no 429 in " + responses.stream().map(HttpResponse::statusCode).toList()));
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refused.body()).contains("\"error\":\"rate_limited\"");
		assertThat(fixture.upstream().requests()).hasSize((int) allowed);
	}

}
