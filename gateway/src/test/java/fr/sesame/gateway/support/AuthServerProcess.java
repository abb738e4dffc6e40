package fr.sesame.gateway.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Assertions;

import fr.sesame.directory.support.LoopbackPorts;

/**
 * The real auth-server, started from its built jar as a child process on a free port, once per test run (it takes
 * tens of seconds on a busy machine, so {@link StartAuthServerEarly} starts it as the run begins). The gateway under
 * test must listen on {@link #GATEWAY_PORT}: auth-server compares redirect URIs exactly, and the demo client
 * {@value #CLIENT_ID} gets its redirect, post-logout and back-channel logout URIs replaced by ones on that port.
 */
public final class AuthServerProcess {

	/**
	 * auth-server's demo client for the gateway: confidential, code + refresh, PKCE, back-channel logout, and role
	 * mappings in both demo communes (agents → agent, etat-civil → officier-etat-civil).
	 */
	public static final String CLIENT_ID = "sesame-gateway";

	public static final String CLIENT_SECRET = "sesame-gateway-secret-change-me-0123456789abcdef";

	public static final int GATEWAY_PORT = LoopbackPorts.free();

	private static final Path JAR = Path.of("..", "auth-server", "target", "auth-server.jar").toAbsolutePath().normalize();

	private static CompletableFuture<AuthServerProcess> starting;

	private final Process process;

	private final int port;

	private AuthServerProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	public static boolean jarExists() {
		return Files.isRegularFile(JAR);
	}

	/** Starts auth-server in the background if its jar was built; {@link #get()} waits for it. */
	public static synchronized void startInBackground() {
		if (starting == null && jarExists()) {
			starting = CompletableFuture.supplyAsync(AuthServerProcess::launch);
		}
	}

	/** The running auth-server; fails, saying why, when the jar was not built (never skipped silently). */
	public static AuthServerProcess get() {
		Assertions.assertTrue(jarExists(), "auth-server is not built (" + JAR + " is missing): run `mvn -B install "
				+ "-DskipTests` from the repository root, or `mvn verify`, which builds it before the gateway");
		startInBackground();
		try {
			return starting.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("auth-server did not start", ex.getCause());
		}
	}

	/**
	 * The gateway's properties for the test applications, signing in at this auth-server on
	 * {@link #GATEWAY_PORT} (its redirect URI there), every upstream of the applications being {@code upstream}.
	 */
	public Map<String, Object> gatewayProperties(Upstream upstream) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", GATEWAY_PORT);
		properties.put("spring.config.import", "classpath:test-applications.yml");
		properties.put("test.issuer", issuer());
		properties.put("test.client-id", CLIENT_ID);
		properties.put("test.client-secret", CLIENT_SECRET);
		properties.put("test.upstream", upstream.url());
		properties.put("test.slow-upstream", upstream.url());
		properties.put("test.down-upstream", "http://127.0.0.1:" + LoopbackPorts.free());
		return properties;
	}

	public String issuer() {
		return "http://localhost:" + this.port;
	}

	private static AuthServerProcess launch() {
		int port = LoopbackPorts.free();
		String gateway = "http://localhost:" + GATEWAY_PORT;
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--server.port=" + port,
				"--server.address=127.0.0.1",
				"--sesame.issuer=http://localhost:" + port,
				"--sesame.clients." + CLIENT_ID + ".redirect-uris[0]=" + gateway + "/login/oauth2/code/sesame",
				"--sesame.clients." + CLIENT_ID + ".post-logout-redirect-uris[0]=" + gateway + "/",
				"--sesame.clients." + CLIENT_ID + ".backchannel-logout-uri=" + gateway
						+ "/logout/connect/back-channel/sesame",
				"--logging.structured.format.console="));
		File log = Path.of("target", "auth-server-for-gateway-tests.log").toFile();
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.to(log))
				.start();
			AuthServerProcess server = new AuthServerProcess(process, port);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> process.destroy()));
			server.awaitDiscovery(Duration.ofSeconds(180), log);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void awaitDiscovery(Duration timeout, File log) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("auth-server exited with " + this.process.exitValue() + "; see " + log);
			}
			try {
				HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
						URI.create(issuer() + "/.well-known/openid-configuration")).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		this.process.destroy();
		throw new IllegalStateException("auth-server did not answer within " + timeout + "; see " + log);
	}

}
