package fr.sesame.gateway.web;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that is down or hangs gets its own clear error page within its own timeout; the others keep
 * answering at their usual pace meanwhile.
 */
class UpstreamFailureTest {

	private final Fixture fixture = FakeProviderGateways.memory();

	private Browser browser;

	@BeforeEach
	void signIn() {
		this.fixture.reset();
		this.browser = this.fixture.signedIn(TestOpenIdProvider.agent("jdupont", "rivebelle", Set.of("agent")));
	}

	@Test
	void anApplicationThatIsDownGetsA502PageNamingIt() {
		long start = System.nanoTime();
		HttpResponse<String> response = this.browser.get(this.fixture.url("/down/accueil"));

		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).contains("L&#39;application Application arrêtée est injoignable pour le moment.")
			.contains("data-failure=\"upstream_unreachable\"")
			.doesNotContain("Exception");
		assertThat(response.headers().firstValue("Content-Security-Policy")).isPresent();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void aHangingApplicationGetsA504WithinItsTimeoutWhileOthersKeepTheirPace() throws Exception {
		CompletableFuture<Timed> hanging = CompletableFuture.supplyAsync(() -> timed("/slow/rapport"));
		List<Timed> others = new ArrayList<>();
		Thread.sleep(100);
		while (!hanging.isDone()) {
			others.add(timed("/open/x"));
		}
		Timed slow = hanging.get();

		assertThat(slow.status()).isEqualTo(504);
		assertThat(slow.body()).contains("L&#39;application Application lente n&#39;a pas répondu à temps.");
		assertThat(slow.took()).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(4));
		assertThat(others).isNotEmpty().allSatisfy((other) -> {
			assertThat(other.status()).isEqualTo(200);
			assertThat(other.took()).isLessThan(slow.took());
		});
		List<Duration> sorted = others.stream().map(Timed::took).sorted().toList();
		assertThat(sorted.get(sorted.size() / 2)).as("median latency of the other application")
			.isLessThan(Duration.ofMillis(300));
	}

	@Test
	void scriptsGetTheFailureAsJson() {
		HttpResponse<String> response = this.browser.get(this.fixture.url("/down/api"), Map.of("Accept", "application/json"));
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).isEqualTo("{\"error\":\"upstream_unreachable\",\"application\":\"down\"}");
	}

	private Timed timed(String path) {
		long start = System.nanoTime();
		HttpResponse<String> response = this.browser.get(this.fixture.url(path));
		return new Timed(response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
	}

	private record Timed(int status, String body, Duration took) {

	}

}
