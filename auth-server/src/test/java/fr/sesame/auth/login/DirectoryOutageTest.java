package fr.sesame.auth.login;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.CommuneRegistration;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.directory.support.LoopbackPorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One commune's directory failing never slows or breaks another commune's sign-ins: "silentville" accepts LDAP
 * connections and never answers, "downville" refuses them, Rivebelle is healthy.
 */
class DirectoryOutageTest extends DemoServerTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	static final SilentServer silent = new SilentServer();

	@DynamicPropertySource
	static void communes(DynamicPropertyRegistry registry) {
		Map<String, Object> timeouts = Map.of("connect-timeout", "3s", "response-timeout", "3s");
		new CommuneRegistration(registry).demoRivebelle()
			.openLdap("silentville", "ldap://127.0.0.1:" + silent.port(), timeouts)
			.openLdap("downville", "ldap://127.0.0.1:" + LoopbackPorts.free(), timeouts);
	}

	@AfterAll
	static void stopSilentServer() {
		silent.close();
	}

	@Test
	void silentDirectoryFailsWithinItsTimeoutWithAClearMessage() {
		long start = System.nanoTime();
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "mmartin@silentville.fr",
				OidcClient.DEMO_PASSWORD, null);
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(page.statusCode()).isEqualTo(503);
		assertThat(page.body()).contains("annuaire de votre commune ne répond pas");
		assertThat(took).isLessThan(TIMEOUT.multipliedBy(2).plusSeconds(1));
	}

	@Test
	void unreachableDirectoryFailsFastWithAClearMessage() {
		long start = System.nanoTime();
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "mmartin@downville.fr",
				OidcClient.DEMO_PASSWORD, null);
		assertThat(page.statusCode()).isEqualTo(503);
		assertThat(page.body()).contains("annuaire de votre commune ne répond pas");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusSeconds(1));
	}

	@Test
	void otherCommunesKeepTheirLatencyWhileOneDirectoryHangs() throws Exception {
		Duration baseline = signInRivebelle();
		ExecutorService pool = Executors.newFixedThreadPool(12);
		try {
			List<Future<?>> hanging = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				hanging.add(pool.submit(() -> LoginForm.post(ISSUER, new Browser(), "mmartin@silentville.fr",
						OidcClient.DEMO_PASSWORD, null)));
			}
			Thread.sleep(300);
			List<Duration> healthy = new CopyOnWriteArrayList<>();
			List<Future<?>> rivebelle = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				rivebelle.add(pool.submit(() -> healthy.add(signInRivebelle())));
			}
			for (Future<?> future : rivebelle) {
				future.get();
			}
			for (Future<?> future : hanging) {
				future.get();
			}
			// The healthy commune is served while the silent one's requests are still waiting for their timeout.
			assertThat(healthy).allSatisfy((latency) -> assertThat(latency)
				.isLessThan(baseline.multipliedBy(3).plusMillis(500))
				.isLessThan(TIMEOUT.dividedBy(2)));
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static Duration signInRivebelle() {
		long start = System.nanoTime();
		HttpResponse<String> response = LoginForm.post(ISSUER, new Browser(), "jdupont@rivebelle.fr",
				OidcClient.DEMO_PASSWORD, null);
		assertThat(Browser.location(response)).doesNotContain("error");
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/** Accepts TCP connections and never says a word, like a directory whose server process is wedged. */
	static final class SilentServer implements AutoCloseable {

		private final ServerSocket socket;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		SilentServer() {
			try {
				this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						this.accepted.add(this.socket.accept());
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "silent-directory");
			acceptor.setDaemon(true);
			acceptor.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		@Override
		public void close() {
			try {
				this.socket.close();
				for (Socket s : this.accepted) {
					s.close();
				}
			}
			catch (IOException ex) {
				// closing a test socket
			}
		}

	}

}
