package fr.sesame.auth.login;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import fr.sesame.auth.AuthServerApplication;
import fr.sesame.directory.support.LoopbackPorts;

/** {@link PendingSessionLifetimeTest}'s checks with the sessions in Redis (Spring Session). */
class PendingSessionLifetimeWithRedisTest {

	private static final int PORT = LoopbackPorts.free();

	private static final String ISSUER = "http://localhost:" + PORT;

	private static ConfigurableApplicationContext server;

	@BeforeAll
	static void start() {
		server = new SpringApplicationBuilder(AuthServerApplication.class).profiles("demo", "redis")
			.run("--server.port=" + PORT, "--server.address=127.0.0.1", "--sesame.issuer=" + ISSUER,
					"--sesame.login.throttle.base-delay=0s",
					"--sesame.login.sessions.sign-in-timeout=" + PendingSessionLifetimeTest.SIGN_IN_TIMEOUT);
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.close();
		}
	}

	@Test
	void aLoginPageLeftOpenPastTheSignInTimeoutSignsNobodyIn() throws InterruptedException {
		PendingSessionLifetimeTest.loginPageLeftOpenSignsNobodyIn(ISSUER);
	}

	@Test
	void aSignedInSessionOutlivesTheSignInTimeout() throws InterruptedException {
		PendingSessionLifetimeTest.signedInSessionOutlivesTheSignInTimeout(ISSUER);
	}

}
