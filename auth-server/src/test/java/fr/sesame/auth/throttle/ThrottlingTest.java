package fr.sesame.auth.throttle;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import fr.sesame.auth.support.Browser;
import fr.sesame.auth.support.CommuneRegistration;
import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.LoginForm;
import fr.sesame.auth.support.OidcClient;
import fr.sesame.auth.support.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brute force against a commune whose directory locks accounts after 5 failures: Sésame lets at most 4 wrong
 * passwords reach the directory, then refuses without contacting it. Binds are counted by the directory itself.
 */
class ThrottlingTest extends DemoServerTest {

	static final TestDirectory directory = new TestDirectory("dc=testville,dc=fr", "/testville-directory.ldif");

	@DynamicPropertySource
	static void testville(DynamicPropertyRegistry registry) {
		new CommuneRegistration(registry).openLdap("testville", directory.url(),
				Map.of("lockout-threshold", 5, "lockout-window", "10m"));
	}

	@AfterAll
	static void stopDirectory() {
		directory.close();
	}

	@Test
	void wrongPasswordsStopReachingTheDirectoryBeforeItsLockoutThreshold() {
		String dn = "uid=mmartin,ou=people,dc=testville,dc=fr";
		for (int attempt = 1; attempt <= 10; attempt++) {
			HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "mmartin@testville.fr",
					"wrong-" + attempt, null);
			if (attempt <= 4) {
				assertThat(page.body()).as("attempt %d", attempt).contains("Identifiant ou mot de passe incorrect.");
			}
			else {
				assertThat(page.statusCode()).isEqualTo(429);
				assertThat(page.headers().firstValue("Retry-After")).isPresent();
				assertThat(page.body()).contains("Trop de tentatives");
			}
		}
		assertThat(directory.bindsFor(dn)).isEqualTo(4);

		// Even the right password is not tried while the account is throttled: the directory sees nothing more.
		LoginForm.refusedAttempt(ISSUER, new Browser(), "mmartin@testville.fr", OidcClient.DEMO_PASSWORD, null);
		assertThat(directory.bindsFor(dn)).isEqualTo(4);
	}

	@Test
	void unknownLoginsAreThrottledLikeKnownOnes() {
		for (int attempt = 1; attempt <= 4; attempt++) {
			LoginForm.refusedAttempt(ISSUER, new Browser(), "personne@testville.fr", "wrong", null);
		}
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "personne@testville.fr", "wrong",
				null);
		assertThat(page.statusCode()).isEqualTo(429);
	}

	@Test
	void successResetsTheAccountCounter() {
		String dn = "uid=lbernard,ou=people,dc=testville,dc=fr";
		for (int round = 0; round < 3; round++) {
			for (int attempt = 0; attempt < 3; attempt++) {
				LoginForm.refusedAttempt(ISSUER, new Browser(), "lbernard@testville.fr", "wrong", null);
			}
			HttpResponse<String> ok = LoginForm.post(ISSUER, new Browser(), "lbernard@testville.fr",
					OidcClient.DEMO_PASSWORD, null);
			assertThat(Browser.location(ok)).doesNotContain("error");
		}
		assertThat(directory.bindsFor(dn)).isEqualTo(12);
	}

	@Test
	void emptyPasswordNeverBindsAnonymously() {
		int before = directory.bindsFor("uid=cpetit,ou=people,dc=testville,dc=fr");
		int anonymousBefore = directory.bindsFor("");
		HttpResponse<String> page = LoginForm.refusedAttempt(ISSUER, new Browser(), "cpetit@testville.fr", "", null);
		assertThat(page.statusCode()).isEqualTo(401);
		assertThat(directory.bindsFor("uid=cpetit,ou=people,dc=testville,dc=fr")).isEqualTo(before);
		assertThat(directory.bindsFor("")).isEqualTo(anonymousBefore);
	}

}
