package fr.sesame.gateway.demo;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.session.ReactiveSessionRepository;

import fr.sesame.directory.support.LoopbackPorts;
import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.GatewayInstance;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo profile as shipped (application-demo.yml), with the provider replaced by {@link TestOpenIdProvider} and
 * free ports: its three demo applications answer through the gateway, and it runs without Redis.
 */
class DemoProfileTest {

	private static TestOpenIdProvider provider;

	private static GatewayInstance gateway;

	@BeforeAll
	static void start() {
		provider = new TestOpenIdProvider();
		int upstreams = LoopbackPorts.free();
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("sesame.gateway.sign-in.issuer", provider.issuer());
		properties.put("sesame.demo.upstreams.port", upstreams);
		for (String application : new String[] { "whoami", "etat-civil", "finances" }) {
			properties.put("sesame.gateway.applications." + application + ".uri", "http://127.0.0.1:" + upstreams);
		}
		gateway = GatewayInstance.start("demo", properties);
	}

	@AfterAll
	static void stop() {
		gateway.close();
		provider.close();
	}

	@Test
	void whoamiShowsTheIdentityHeadersAndTheTokenClaimsItReceived() {
		provider.signInAs(TestOpenIdProvider.agent("jdupont", "rivebelle", Set.of("agent", "officier-etat-civil")));
		Browser browser = new Browser();

		HttpResponse<String> page = browser.open(gateway.url("/whoami/"));

		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("X-Sesame-Login</th><td>jdupont")
			.contains("X-Sesame-Commune</th><td>rivebelle")
			.contains("&quot;aud&quot; : &quot;sesame-gateway&quot;")
			.doesNotContain("SESAME_GATEWAY=");
	}

	@Test
	void etatCivilIsForRivebellesOfficersAndFinancesNeedsASecondFactor() {
		provider.signInAs(TestOpenIdProvider.agent("jdupont", "montclair", Set.of("agent", "officier-etat-civil")));
		Browser montclair = new Browser();
		montclair.open(gateway.url("/"));
		assertThat(montclair.get(gateway.url("/etat-civil/")).statusCode()).isEqualTo(403);
		HttpResponse<String> finances = montclair.get(gateway.url("/finances/"));
		assertThat(finances.statusCode()).isEqualTo(302);
		assertThat(Browser.location(finances)).endsWith("/oauth2/authorization/sesame?step-up=mfa");

		provider.signInAs(TestOpenIdProvider.agent("jdupont", "rivebelle", Set.of("agent", "officier-etat-civil")));
		Browser rivebelle = new Browser();
		HttpResponse<String> etatCivil = rivebelle.open(gateway.url("/etat-civil/"));
		assertThat(etatCivil.statusCode()).isEqualTo(200);
		assertThat(etatCivil.body()).contains("Agent : Agent jdupont");
	}

	@Test
	void theDemoNeedsNoRedis() {
		assertThat(gateway.context().getBeanNamesForType(ReactiveSessionRepository.class)).isEmpty();
		assertThat(gateway.context().getBeanNamesForType(ReactiveRedisConnectionFactory.class)).isEmpty();
	}

}
