package fr.sesame.gateway.hygiene;

import java.util.Map;
import java.util.Set;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a trusted proxy (the Redis replicas trust 127.0.0.1), the proxy's {@code X-Forwarded-*} are kept and
 * extended, but identity headers are still removed.
 */
class TrustedProxyTest {

	@Test
	void aTrustedProxysForwardedHeadersAreExtendedAndIdentityHeadersStillRemoved() {
		Fixture fixture = FakeProviderGateways.redis();
		fixture.reset();
		String token = fixture.provider().accessToken("api-client",
				TestOpenIdProvider.agent("proxied", "rivebelle", Set.of("agent")));

		new Browser().get(fixture.url("/open/x"), Map.of("Authorization", "Bearer " + token, "Accept",
				"application/json", "X-Forwarded-For", "198.51.100.23", "X-Forwarded-Proto", "https",
				"X-Forwarded-Host", "portail.syndicat.example", "X-Remote-User", "admin"));

		LoggedRequest received = fixture.upstream().lastRequest();
		assertThat(received.getHeader("X-Forwarded-For")).isEqualTo("198.51.100.23, 127.0.0.1");
		assertThat(received.getHeader("X-Forwarded-Proto")).isEqualTo("https");
		assertThat(received.getHeader("X-Forwarded-Host")).isEqualTo("portail.syndicat.example");
		assertThat(received.containsHeader("X-Remote-User")).isFalse();
		assertThat(received.getHeader("X-Sesame-Login")).isEqualTo("proxied");
	}

}
