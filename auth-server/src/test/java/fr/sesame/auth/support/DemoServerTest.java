package fr.sesame.auth.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.directory.support.LoopbackPorts;

/**
 * The demo auth-server, as the README's run command starts it (two embedded commune directories, in-memory stores),
 * listening on a free loopback port that is also its issuer. The issuer must be known before the server starts, so
 * the port is fixed per JVM (one that no server binding "any port" can take between two classes: {@link
 * LoopbackPorts}), and each test class gets its own server, closed after it, so that classes with their own communes
 * can use the same port.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class DemoServerTest {

	protected static final int PORT = LoopbackPorts.free();

	protected static final String ISSUER = "http://localhost:" + PORT;

	@DynamicPropertySource
	static void listenOnFreePort(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("server.address", () -> "127.0.0.1");
		registry.add("sesame.issuer", () -> ISSUER);
		// Tests sign in many times from one address: keep the per-IP limit out of the way of other tests.
		registry.add("sesame.login.throttle.ip-max-failures", () -> 10_000);
		registry.add("sesame.login.throttle.base-delay", () -> "0s");
	}

}
