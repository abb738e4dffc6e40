package fr.sesame.gateway.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import fr.sesame.gateway.support.Upstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream connections are used by the event loop they live on: a request relayed from one event loop never gets an
 * idle connection of another (which Reactor Netty's single pool hands out), whatever the order of the requests.
 */
class LoopLocalConnectionsTest {

	private static Upstream upstream;

	private static LoopResources loops;

	@BeforeAll
	static void start() {
		upstream = Upstream.answering();
		loops = LoopResources.create("loop-local-test", 2, true);
	}

	@AfterAll
	static void stop() {
		loops.disposeLater().block(Duration.ofSeconds(10));
		upstream.close();
	}

	@Test
	void eachEventLoopRelaysOnItsOwnConnections() throws Exception {
		LoopLocalConnections connections = new LoopLocalConnections(
				() -> ConnectionProvider.builder("loop-local-test").maxConnections(10).build());
		HttpClient client = HttpClient.create(connections).runOn(loops);
		List<EventLoop> eventLoops = new ArrayList<>();
		for (EventExecutor executor : loops.onClient(true)) {
			eventLoops.add((EventLoop) executor);
		}
		assertThat(eventLoops).hasSize(2);
		try {
			// Taking turns: after the first request, the other loop's connection is idle in the pool each time.
			for (int round = 0; round < 4; round++) {
				for (EventLoop loop : eventLoops) {
					assertThat(connectionLoopOfRequestFrom(loop, client)).isSameAs(loop);
					// The connection goes back to its pool just after the response: idle when the next request comes.
					Thread.sleep(100);
				}
			}
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	@Test
	void anotherThreadStillGetsAConnection() {
		LoopLocalConnections connections = new LoopLocalConnections(
				() -> ConnectionProvider.builder("loop-local-test").maxConnections(10).build());
		try {
			String body = HttpClient.create(connections)
				.runOn(loops)
				.get()
				.uri(upstream.url() + "/from-a-plain-thread")
				.responseContent()
				.aggregate()
				.asString()
				.block(Duration.ofSeconds(10));
			assertThat(body).isEqualTo("upstream");
		}
		finally {
			connections.disposeLater().block(Duration.ofSeconds(10));
		}
	}

	/** Sends a request from the event loop's own thread, as the gateway relays one; the loop its connection is on. */
	private static EventLoop connectionLoopOfRequestFrom(EventLoop loop, HttpClient client) throws Exception {
		CompletableFuture<EventLoop> connectionLoop = new CompletableFuture<>();
		loop.execute(() -> client.get()
			.uri(upstream.url() + "/loop-local")
			.responseConnection((response, connection) -> {
				EventLoop used = connection.channel().eventLoop();
				return connection.inbound().receive().then(Mono.just(used));
			})
			.next()
			.subscribe(connectionLoop::complete, connectionLoop::completeExceptionally));
		return connectionLoop.get(10, TimeUnit.SECONDS);
	}

}
