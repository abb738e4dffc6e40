package fr.sesame.gateway.support;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * An upstream application played by WireMock: answers every request with 200 "upstream" (or after a delay), and
 * records what it received.
 */
public final class Upstream implements AutoCloseable {

	private final WireMockServer server;

	private Upstream(int delayMillis) {
		this.server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").containerThreads(20).jettyAcceptors(1));
		this.server.start();
		this.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/plain")
			.withHeader("Set-Cookie", "SESAME_GATEWAY=planted-by-upstream; Path=/")
			.withHeader("Set-Cookie", "app_pref=dark; Path=/")
			.withBody("upstream")
			.withFixedDelay(delayMillis)));
	}

	public static Upstream answering() {
		return new Upstream(0);
	}

	public static Upstream hanging(int delayMillis) {
		return new Upstream(delayMillis);
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	public List<LoggedRequest> requests() {
		return this.server.findAll(anyRequestedFor(anyUrl()));
	}

	public LoggedRequest lastRequest() {
		List<LoggedRequest> all = requests();
		if (all.isEmpty()) {
			throw new AssertionError("the upstream received no request");
		}
		return all.get(all.size() - 1);
	}

	public void reset() {
		this.server.resetRequests();
	}

	@Override
	public void close() {
		this.server.stop();
	}

}
