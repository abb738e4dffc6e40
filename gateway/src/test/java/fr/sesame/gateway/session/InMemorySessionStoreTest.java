package fr.sesame.gateway.session;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.OwnGateway;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the sessions in memory and room for 100 ({@code sesame.gateway.session.max-in-memory}), a flood of anonymous
 * requests, each of which starts a session, never gets a 500 (Spring's store refuses every new session once full)
 * and never ends a signed-in agent's session: the oldest sessions nobody signed in to make room.
 */
class InMemorySessionStoreTest {

	private static final int MAX_SESSIONS = 100;

	private static OwnGateway own;

	@BeforeAll
	static void start() {
		own = OwnGateway.start("gateway-test", Map.of("sesame.gateway.session.max-in-memory", MAX_SESSIONS));
	}

	@AfterAll
	static void stop() {
		own.close();
	}

	@Test
	void aFloodOfAnonymousSessionsMakesRoomAndEndsNoSignedInSession() throws Exception {
		own.provider().signInAs(TestOpenIdProvider.agent("flood-" + System.nanoTime(), "rivebelle", Set.of("agent")));
		Browser agent = new Browser();
		agent.open(own.gateway().url("/"));
		assertThat(agent.cookie("SESAME_GATEWAY")).isPresent();

		HttpClient anonymous = HttpClient.newHttpClient();
		for (int i = 0; i < 3 * MAX_SESSIONS; i++) {
			HttpResponse<String> response = anonymous.send(
					HttpRequest.newBuilder(URI.create(own.gateway().url("/"))).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as("anonymous request %d", i).isEqualTo(302);
			assertThat(response.headers().firstValue("Set-Cookie")).as("a new session each time").isPresent();
		}

		HttpResponse<String> portal = agent.get(own.gateway().url("/"));
		assertThat(portal.statusCode()).as("still signed in: the portal, not the sign-in").isEqualTo(200);
		assertThat(own.gateway().bean(MeterRegistry.class).counter("sesame.gateway.sessions.pending.evicted").count())
			.isGreaterThanOrEqualTo(2 * MAX_SESSIONS / 10);
	}

}
