package fr.sesame.gateway.session;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser loads a page's resources in parallel, and a load balancer spreads them over the replicas: when the access
 * token is due for refresh, several requests of one session want to refresh it at once, but the provider rotates
 * refresh tokens, so only the first use of the current one succeeds. None of them may end the session.
 */
class ConcurrentRefreshTest {

	private static final int PARALLEL = 6;

	private final ExecutorService threads = Executors.newFixedThreadPool(PARALLEL);

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
	}

	@Test
	void parallelRequestsOfOneSessionOnOneReplicaShareOneRefresh() throws Exception {
		Fixture fixture = FakeProviderGateways.memory();
		fixture.reset();
		fixture.provider().accessTokenTtl(Duration.ofSeconds(30));
		Browser browser = fixture.signedIn(TestOpenIdProvider.agent("jdupont", "rivebelle", Set.of("agent")));

		for (int round = 0; round < 3; round++) {
			assertThat(inParallel(browser, (i) -> fixture.url("/open/page-" + i))).as("round %d", round)
				.containsOnly(200);
		}

		assertThat(browser.get(fixture.url("/open/after")).statusCode()).as("the session lives on").isEqualTo(200);
		assertThat(fixture.provider().tokenRequests()).extracting((form) -> form.get("grant_type"))
			.as("requests that overlap share a refresh")
			.filteredOn("refresh_token"::equals)
			.hasSizeLessThan(3 * PARALLEL + 1);
	}

	@Test
	void parallelRequestsOfOneSessionSpreadOverTwoReplicasKeepTheSession() throws Exception {
		Fixture fixture = FakeProviderGateways.redis();
		fixture.reset();
		fixture.provider().accessTokenTtl(Duration.ofSeconds(30));
		Browser browser = fixture.signedIn(TestOpenIdProvider.agent("hlefevre", "rivebelle", Set.of("agent")));

		for (int round = 0; round < 3; round++) {
			assertThat(inParallel(browser, (i) -> fixture.gateways()[i % 2].url("/open/page-" + i)))
				.as("round %d", round)
				.containsOnly(200);
		}

		for (int i = 0; i < 2; i++) {
			assertThat(browser.get(fixture.gateways()[i].url("/open/after")).statusCode())
				.as("the session lives on, replica %d", i)
				.isEqualTo(200);
		}
	}

	private List<Integer> inParallel(Browser browser, IntFunction<String> urls) throws Exception {
		CyclicBarrier start = new CyclicBarrier(PARALLEL);
		List<CompletableFuture<Integer>> responses = new ArrayList<>();
		for (int i = 0; i < PARALLEL; i++) {
			String url = urls.apply(i);
			responses.add(CompletableFuture.supplyAsync(() -> {
				await(start);
				HttpResponse<String> response = browser.get(url);
				return response.statusCode();
			}, this.threads));
		}
		List<Integer> statuses = new ArrayList<>();
		for (CompletableFuture<Integer> response : responses) {
			statuses.add(response.get());
		}
		return statuses;
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
