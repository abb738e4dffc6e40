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
 * the next request gets 429 with Retry-After and never reaches the upstream. Each replica decides from its own
 * buckets; with Redis they are shared in the background (every {@code rate-limit-sync-interval}), so what one replica
 * admitted is refused on the other after a sync. An address refused 3 times gets 429 before its credentials are
 * read.
 */
class RateLimitTest {

	@Test
	void anAgentOverItsBurstGets429WithRetryAfterInMemory() {
		Fixture fixture = FakeProviderGateways.memory();
		assertAgentLimited(fixture, fixture.gateway());
	}

	@Test
	void aBurstOnOneReplicaIsRefusedOnTheOtherOnceTheBucketsAreSynced() throws InterruptedException {
		Fixture fixture = FakeProviderGateways.redis();
		fixture.reset();
		GatewayInstance first = fixture.gateways()[0];
		GatewayInstance second = fixture.gateways()[1];
		Map<String, String> headers = bearer(fixture, "shared-" + System.nanoTime(), address());
		Browser client = new Browser();

		// The whole burst through the first replica; the second admits from its own copy of the bucket until the
		// next sync tells it what the first spent (the documented overshoot, one sync interval at most).
		assertThat(client.get(first.url("/limited/1"), headers).statusCode()).isEqualTo(200);
		assertThat(client.get(first.url("/limited/2"), headers).statusCode()).isEqualTo(200);
		assertThat(client.get(second.url("/limited/3"), headers).statusCode()).isEqualTo(200);
		Thread.sleep(600);

		// Three tokens spent out of two, and well under two seconds of refill at 1/s: the shared bucket owes one.
		HttpResponse<String> refused = client.get(second.url("/limited/4"), headers);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 3));
		assertThat(refused.body()).contains("\"error\":\"rate_limited\"");
		assertThat(fixture.upstream().requests()).hasSize(3);
	}

	@Test
	void anAddressRefusedTooOftenGets429BeforeItsCredentialsAreRead() {
		Fixture fixture = FakeProviderGateways.redis();
		fixture.reset();
		String address = address();
		Browser client = new Browser();
		Map<String, String> forged = Map.of("Authorization", "Bearer not-a-token", "Accept", "application/json",
				"X-Forwarded-For", address);
		for (int i = 0; i < 3; i++) {
			assertThat(client.get(fixture.gateways()[0].url("/limited/x"), forged).statusCode()).isEqualTo(401);
		}

		HttpResponse<String> blocked = client.get(fixture.gateways()[0].url("/limited/x"),
				bearer(fixture, "honest-" + System.nanoTime(), address));
		HttpResponse<String> elsewhere = client.get(fixture.gateways()[0].url("/limited/x"),
				bearer(fixture, "neighbour-" + System.nanoTime(), address()));

		assertThat(blocked.statusCode()).as("same address, even with a valid token").isEqualTo(429);
		assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
		assertThat(elsewhere.statusCode()).as("another address").isEqualTo(200);
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
		// 1 s, or more when the replicas together admitted more than the burst before a sync (then it is owed).
		assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
				(seconds) -> assertThat(Integer.parseInt(seconds)).isBetween(1, 7));
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

	private static Map<String, String> bearer(Fixture fixture, String agent, String address) {
		String token = fixture.provider().accessToken("api-client",
				TestOpenIdProvider.agent(agent, "rivebelle", Set.of("agent")));
		return Map.of("Authorization", "Bearer " + token, "Accept", "application/json", "X-Forwarded-For", address);
	}

	/** Behind the redis replicas' trusted proxy, each test comes from its own client address. */
	private static String address() {
		long n = System.nanoTime();
		return "203.0." + (113 + (int) (n % 7)) + "." + (1 + (int) ((n / 7) % 250));
	}

	private static void assertAgentLimited(Fixture fixture, GatewayInstance gateway) {
		fixture.reset();
		Map<String, String> headers = bearer(fixture, "burst-" + System.nanoTime(), address());
		Browser client = new Browser();

		// Five quick requests see the burst of 2 pass (one more if a second of refill went by), then 429s.
		List<HttpResponse<String>> responses = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			responses.add(client.get(gateway.url("/limited/" + i), headers));
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
