package fr.sesame.gateway.hygiene;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.RawRequest;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's {@code Connection} header names headers to drop at the next hop (RFC 9110, 7.6.1); the gateway drops
 * those the client sent, never those it sets itself: a client cannot hide its address from the upstream's logs or
 * strip the identity the upstream relies on.
 */
class ConnectionHeaderTest {

	private final Fixture fixture = FakeProviderGateways.memory();

	@BeforeEach
	void reset() {
		this.fixture.reset();
	}

	@Test
	void headersNamedInConnectionCannotStripWhatTheGatewaySets() throws IOException {
		String token = this.fixture.provider()
			.accessToken("api-client", TestOpenIdProvider.agent("jdupont", "rivebelle", Set.of("agent")));

		String status = RawRequest.get(this.fixture.url("/open/items"),
				Map.of("Authorization", "Bearer " + token, "Accept", "application/json", "Connection",
						"close, X-Forwarded-For, X-Forwarded-Proto, X-Sesame-Login, X-Sesame-Commune, Authorization, "
								+ "X-App-Hint",
						"X-App-Hint", "dropped"));

		assertThat(status).startsWith("HTTP/1.1 200");
		LoggedRequest received = this.fixture.upstream().lastRequest();
		assertThat(received.getHeader("X-Forwarded-For")).isEqualTo("127.0.0.1");
		assertThat(received.getHeader("X-Forwarded-Proto")).isEqualTo("http");
		assertThat(received.getHeader("X-Sesame-Login")).isEqualTo("jdupont");
		assertThat(received.getHeader("X-Sesame-Commune")).isEqualTo("rivebelle");
		assertThat(received.getHeader("Authorization")).isEqualTo("Bearer " + token);
		assertThat(received.containsHeader("X-App-Hint")).isFalse();
	}

}
