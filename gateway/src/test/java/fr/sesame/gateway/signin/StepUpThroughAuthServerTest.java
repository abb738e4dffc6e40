package fr.sesame.gateway.signin;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.AuthServerProcess;
import fr.sesame.gateway.support.AuthenticatorApp;
import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.GatewayInstance;
import fr.sesame.gateway.support.Upstream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Step-up end to end: an agent signed in with a password opens an application that needs a second factor; the
 * gateway re-authorises with {@code acr_values}, auth-server asks only for the missing factor (here, first
 * enrolment of an authenticator app), and the agent lands on the application with a multi-factor token.
 */
class StepUpThroughAuthServerTest {

	private static final Pattern SECRET = Pattern.compile("<code id=\"secret\"[^>]*>([^<]+)</code>");

	private static final Pattern CONTINUE = Pattern.compile("<a id=\"continue\"[^>]*href=\"([^\"]+)\"");

	private static AuthServerProcess authServer;

	private static Upstream upstream;

	private static GatewayInstance gateway;

	@BeforeAll
	static void start() {
		authServer = AuthServerProcess.get();
		upstream = Upstream.answering();
		Map<String, Object> properties = authServer.gatewayProperties(upstream);
		gateway = GatewayInstance.start("gateway-step-up-test", properties);
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (upstream != null) {
			upstream.close();
		}
	}

	@Test
	void anMfaApplicationStepsUpToASecondFactorThenLetsTheAgentIn() throws Exception {
		Browser browser = new Browser();
		HttpResponse<String> loginPage = browser.open(gateway.url("/open/"));
		Map<String, String> form = new LinkedHashMap<>();
		form.put("_csrf", Browser.csrf(loginPage.body()));
		form.put("username", "jbchevalier@rivebelle.fr");
		form.put("password", "Sesame-Demo-2026");
		form.put("commune", "");
		assertThat(browser.follow(browser.post(authServer.issuer() + "/login", form)).statusCode()).isEqualTo(200);
		upstream.reset();

		HttpResponse<String> enrolment = browser.open(gateway.url("/finances/budget"));

		assertThat(browser.visited()).filteredOn((url) -> url.startsWith(authServer.issuer() + "/oauth2/authorize"))
			.anySatisfy((url) -> assertThat(Browser.queryOf(url)).containsEntry("acr_values", "urn:sesame:loa:mfa"));
		assertThat(enrolment.uri().toString()).isEqualTo(authServer.issuer() + "/mfa/enrol");
		assertThat(enrolment.body()).doesNotContain("name=\"password\"");
		assertThat(upstream.requests()).isEmpty();

		AuthenticatorApp app = new AuthenticatorApp(group(SECRET, enrolment.body()));
		HttpResponse<String> recoveryCodes = browser.follow(browser.post(authServer.issuer() + "/mfa/enrol/totp",
				Map.of("_csrf", Browser.csrf(enrolment.body()), "code", app.nextCode())));
		assertThat(recoveryCodes.statusCode()).isEqualTo(200);
		assertThat(recoveryCodes.body()).contains("id=\"recovery-codes\"");

		HttpResponse<String> landed = browser.open(group(CONTINUE, recoveryCodes.body()).replace("&amp;", "&"));

		assertThat(landed.statusCode()).isEqualTo(200);
		assertThat(landed.uri().toString()).isEqualTo(gateway.url("/finances/budget"));
		String token = upstream.lastRequest().getHeader("Authorization").substring("Bearer ".length());
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
				JWKSourceBuilder.create(new URL(authServer.issuer() + "/oauth2/jwks")).build()));
		JWTClaimsSet claims = processor.process(token, null);
		assertThat(claims.getStringClaim("acr")).isEqualTo("urn:sesame:loa:mfa");
		assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "otp", "mfa");
	}

	private static String group(Pattern pattern, String html) {
		Matcher matcher = pattern.matcher(html);
		assertThat(matcher.find()).as("%s in %s", pattern, html).isTrue();
		return matcher.group(1);
	}

}
