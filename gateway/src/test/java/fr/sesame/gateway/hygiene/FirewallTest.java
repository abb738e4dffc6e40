package fr.sesame.gateway.hygiene;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.RawRequest;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's firewall guards requests for applications as it guards the gateway's own endpoints: a header the
 * gateway reads, holding a control character, is refused with a 400, and the upstream hears nothing. (The firewall
 * checks headers as they are read, so headers the gateway never reads pass to the upstream as they came.)
 */
class FirewallTest {

	private final Fixture fixture = FakeProviderGateways.memory();

	@BeforeEach
	void reset() {
		this.fixture.reset();
	}

	@Test
	void aControlCharacterInAHeaderIsRefusedBeforeReachingAnApplication() throws IOException {
		String token = this.fixture.provider()
			.accessToken("api-client", TestOpenIdProvider.agent("jdupont", "rivebelle", Set.of("agent")));

		// U+0085 (NEL) is a control character that the HTTP parser lets through as a Latin-1 byte.
		String status = RawRequest.get(this.fixture.url("/open/items"),
				Map.of("Authorization", "Bearer " + token + "\u0085", "Accept", "application/json"));

		assertThat(status).startsWith("HTTP/1.1 400");
		assertThat(this.fixture.upstream().requests()).isEmpty();
		assertThat(RawRequest.get(this.fixture.url("/open/items"),
				Map.of("Authorization", "Bearer " + token, "Accept", "application/json")))
			.startsWith("HTTP/1.1 200");
	}

}
