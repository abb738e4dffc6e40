package fr.sesame.gateway.hygiene;

import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests refused before the gateway's filters see them, sent over a raw socket as a scanner sends them: the refusal
 * carries the security headers of every other answer, repeats nothing of the request, and nothing reaches an upstream.
 */
class MalformedRequestTest {

	private final Fixture fixture = FakeProviderGateways.memory();

	@Test
	void refusalsBeforeTheFiltersCarryTheSecurityHeaders() {
		String longHeader = "X-Padding: " + "a".repeat(20_000) + "\r\n";
		Map<String, String> refusals = Map.of("GET /open/a|b HTTP/1.1\r\nHost: localhost\r\n", "http/1.1 400",
				"GET /open/x HTTP/1.1\r\nHost: localhost\r\n" + longHeader, "http/1.1 431");
		this.fixture.upstream().reset();
		refusals.forEach((request, status) -> {
			String response = send(request + "Connection: close\r\n\r\n");
			String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
			assertThat(head).as(request.lines().findFirst().orElseThrow())
				.startsWith(status)
				.contains("x-content-type-options: nosniff")
				.contains("x-frame-options: deny")
				.contains("frame-ancestors 'none'")
				.contains("cache-control: no-store");
			assertThat(response.substring(response.indexOf("\r\n\r\n"))).doesNotContain("a|b").doesNotContain("aaaa");
		});
		assertThat(this.fixture.upstream().requests()).isEmpty();
	}

	@Test
	void answersWithABodyAreLeftAsTheyWereWritten() {
		// The gateway's own 404 page: its own policy (styles allowed), not the empty page's.
		String response = send("GET /nowhere HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(response.toLowerCase()).startsWith("http/1.1 404")
			.contains("content-security-policy: default-src 'none'; style-src 'self'")
			.doesNotContain("default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
	}

	private String send(String request) {
		return RawHttp.send(this.fixture.gateway().port(), request);
	}

}
