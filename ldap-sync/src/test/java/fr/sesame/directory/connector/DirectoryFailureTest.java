package fr.sesame.directory.connector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.sesame.directory.connector.AuthenticationOutcome.Authenticated;
import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;
import fr.sesame.directory.connector.AuthenticationOutcome.Refused;
import fr.sesame.directory.support.LoopbackPorts;
import fr.sesame.directory.support.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DirectoryFailureTest {

	private static final Duration RESPONSE_TIMEOUT = Duration.ofMillis(800);

	/** Scheduling on a loaded 2-core machine, not the connector, is what this margin is for. */
	private static final Duration MARGIN = Duration.ofMillis(1500);

	private static TestDirectory directory;

	private static SilentServer silent;

	@BeforeAll
	static void start() throws IOException {
		directory = TestDirectory.openLdap();
		silent = new SilentServer();
	}

	@AfterAll
	static void stop() throws IOException {
		directory.close();
		silent.close();
	}

	@Test
	void directoryThatIsDownIsUnavailableFast() {
		try (DirectoryConnector connector = directory.commune("down")
			.set("urls[0]", "ldap://127.0.0.1:" + LoopbackPorts.free())
			.connector()) {
			long start = System.nanoTime();
			AuthenticationOutcome outcome = connector.authenticate("hlefevre", TestDirectory.AGENT_PASSWORD);

			assertThat(outcome).isEqualTo(new Refused(Refusal.DIRECTORY_UNAVAILABLE));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			assertThat(connector.status().reachable()).isFalse();
			assertThat(connector.status().detail()).startsWith("directory_unavailable");
		}
	}

	@Test
	void directoryThatNeverAnswersTimesOutWithinTheResponseTimeout() {
		try (DirectoryConnector connector = silentCommune().connector()) {
			long start = System.nanoTime();
			AuthenticationOutcome outcome = connector.authenticate("hlefevre", TestDirectory.AGENT_PASSWORD);

			assertThat(outcome).isEqualTo(new Refused(Refusal.DIRECTORY_TIMEOUT));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(RESPONSE_TIMEOUT.plus(MARGIN));
		}
	}

	@Test
	void lookupOnAnUnreachableDirectoryThrowsRatherThanSayingNoSuchAgent() {
		try (DirectoryConnector connector = directory.commune("down")
			.set("urls[0]", "ldap://127.0.0.1:" + LoopbackPorts.free())
			.connector()) {
			assertThatExceptionOfType(DirectoryFaultException.class)
				.isThrownBy(() -> connector.findByLogin("hlefevre"))
				.satisfies((ex) -> assertThat(ex.refusal()).isEqualTo(Refusal.DIRECTORY_UNAVAILABLE))
				.withMessageNotContaining(TestDirectory.SERVICE_PASSWORD);
		}
	}

	@Test
	void failsOverToTheSecondUrlWhenTheFirstIsDown() {
		try (DirectoryConnector connector = directory.commune("failover")
			.set("urls[0]", "ldap://127.0.0.1:" + LoopbackPorts.free())
			.set("urls[1]", directory.url())
			.connector()) {
			assertThat(connector.authenticate("hlefevre", TestDirectory.AGENT_PASSWORD))
				.isInstanceOf(Authenticated.class);
		}
	}

	@Test
	void aStuckDirectoryDoesNotSlowAnotherCommune() throws Exception {
		int concurrent = 6;
		ExecutorService threads = Executors.newFixedThreadPool(concurrent * 2);
		try (DirectoryConnector stuck = silentCommune().set("pool-size", "2").connector();
				DirectoryConnector healthy = directory.commune("healthy").connector()) {
			// Warm the healthy pool so that the measure is about sign-ins, not the first connection.
			healthy.authenticate("hlefevre", TestDirectory.AGENT_PASSWORD);
			List<Future<AuthenticationOutcome>> stuckSignIns = new CopyOnWriteArrayList<>();
			for (int i = 0; i < concurrent; i++) {
				stuckSignIns.add(threads.submit(() -> stuck.authenticate("hlefevre", TestDirectory.AGENT_PASSWORD)));
			}
			List<Future<Duration>> healthySignIns = new CopyOnWriteArrayList<>();
			for (int i = 0; i < concurrent; i++) {
				healthySignIns.add(threads.submit(() -> {
					long start = System.nanoTime();
					assertThat(healthy.authenticate("hlefevre", TestDirectory.AGENT_PASSWORD))
						.isInstanceOf(Authenticated.class);
					return Duration.ofNanos(System.nanoTime() - start);
				}));
			}
			for (Future<Duration> signIn : healthySignIns) {
				assertThat(signIn.get()).isLessThan(Duration.ofMillis(500));
			}
			for (Future<AuthenticationOutcome> signIn : stuckSignIns) {
				// Two connections time out; the others wait at most the pool's short max wait.
				assertThat(signIn.get()).isIn(new Refused(Refusal.DIRECTORY_TIMEOUT),
						new Refused(Refusal.DIRECTORY_UNAVAILABLE));
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static fr.sesame.directory.support.CommuneConfig silentCommune() {
		return directory.commune("silent")
			.set("urls[0]", "ldap://127.0.0.1:" + silent.port())
			.set("response-timeout", RESPONSE_TIMEOUT.toMillis() + "ms");
	}

	/** Accepts TCP connections and never sends a byte: a hung directory. */
	private static final class SilentServer implements AutoCloseable {

		private final ServerSocket socket;

		private final List<Socket> accepted = new CopyOnWriteArrayList<>();

		SilentServer() throws IOException {
			this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			Thread acceptor = new Thread(() -> {
				while (!this.socket.isClosed()) {
					try {
						this.accepted.add(this.socket.accept());
					}
					catch (IOException closed) {
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
		public void close() throws IOException {
			this.socket.close();
			for (Socket connection : this.accepted) {
				connection.close();
			}
		}

	}

}
