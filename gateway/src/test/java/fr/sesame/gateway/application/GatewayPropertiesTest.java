package fr.sesame.gateway.application;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayPropertiesTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(PropertiesOnly.class)
		.withPropertyValues("sesame.gateway.sign-in.issuer=http://localhost:9000",
				"sesame.gateway.sign-in.client-id=sesame-gateway",
				"sesame.gateway.sign-in.client-secret=secret-0123456789abcdef0123456789abcdef");

	@Test
	void aCompleteApplicationBindsWithItsDefaults() {
		this.runner.withPropertyValues(app("etat-civil", "paths[0]=/etat-civil/**", "uri=http://127.0.0.1:8081",
				"communes[0]=rivebelle", "roles[0]=officier-etat-civil", "relay=headers"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Application application = new Applications(context.getBean(GatewayProperties.class)).byId("etat-civil")
					.orElseThrow();
				assertThat(application.relay()).containsExactly(Relay.HEADERS);
				assertThat(application.roleMatch()).isEqualTo(RoleMatch.ANY_OF);
				assertThat(application.mfa()).isEqualTo(MfaRequirement.NONE);
				assertThat(application.entry()).isEqualTo("/etat-civil/");
				assertThat(application.headers().login()).isEqualTo("X-Sesame-Login");
				assertThat(application.rateLimits().perAgent().replenishRate()).isEqualTo(20);
				assertThat(application.language()).isEqualTo("fr");
			});
	}

	@Test
	void aLanguageThatIsNotALanguageTagNamesTheKey() {
		this.runner.withPropertyValues(app("rh", "paths[0]=/rh/**", "uri=http://127.0.0.1:8081", "communes[0]=*",
				"language=\"><script>"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sesame.gateway.applications[rh].language")
				.hasMessageContaining("language tag"));
	}

	@Test
	void thePublicUrlIsAnOriginAndTheProviderAddressesAreBuiltOnIt() {
		this.runner.withPropertyValues(app("rh", "paths[0]=/rh/**", "uri=http://127.0.0.1:8081", "communes[0]=*"))
			.withPropertyValues("sesame.gateway.sign-in.public-url=https://portail.syndicat.example")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				GatewayProperties.SignIn signIn = context.getBean(GatewayProperties.class).signIn();
				assertThat(signIn.redirectUri())
					.isEqualTo("https://portail.syndicat.example/login/oauth2/code/{registrationId}");
				assertThat(signIn.postLogoutRedirect()).isEqualTo("https://portail.syndicat.example/");
			});
		for (String notAnOrigin : new String[] { "portail.syndicat.example", "https://portail.syndicat.example/rh",
				"https://portail.syndicat.example/?a=b", "ftp://portail.syndicat.example",
				"https://user@portail.syndicat.example" }) {
			this.runner.withPropertyValues(app("rh", "paths[0]=/rh/**", "uri=http://127.0.0.1:8081", "communes[0]=*"))
				.withPropertyValues("sesame.gateway.sign-in.public-url=" + notAnOrigin)
				.run((context) -> assertThat(context).getFailure()
					.as(notAnOrigin)
					.rootCause()
					.hasMessageContaining("sesame.gateway.sign-in.public-url must be an origin"));
		}
	}

	@Test
	void withoutAPublicUrlTheAddressesComeFromEachRequest() {
		this.runner.withPropertyValues(app("rh", "paths[0]=/rh/**", "uri=http://127.0.0.1:8081", "communes[0]=*"))
			.run((context) -> {
				GatewayProperties.SignIn signIn = context.getBean(GatewayProperties.class).signIn();
				assertThat(signIn.redirectUri()).isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
				assertThat(signIn.postLogoutRedirect()).isEqualTo("{baseUrl}/");
			});
	}

	@Test
	void aMissingUpstreamNamesTheApplicationsKey() {
		this.runner.withPropertyValues(app("etat-civil", "paths[0]=/etat-civil/**", "communes[0]=rivebelle"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sesame.gateway.applications[etat-civil].uri")
				.hasMessageContaining("upstream"));
	}

	@Test
	void anApplicationWithNoRouteOrNoCommuneIsRefused() {
		this.runner.withPropertyValues(app("rh", "uri=http://127.0.0.1:8081"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("sesame.gateway.applications[rh].routable")
				.hasMessageContaining("sesame.gateway.applications[rh].communes"));
	}

	@Test
	void anUpstreamWithAPathOrNoneCombinedWithTokenIsRefused() {
		this.runner.withPropertyValues(app("rh", "paths[0]=/rh/**", "uri=http://127.0.0.1:8081/rh",
				"communes[0]=*", "relay=none,token"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("applications[rh].upstreamUsable")
				.hasMessageContaining("applications[rh].relayConsistent"));
	}

	@Test
	void anUnknownMfaValueNamesTheKey() {
		this.runner.withPropertyValues(app("rh", "paths[0]=/rh/**", "uri=http://127.0.0.1:8081", "communes[0]=*",
				"mfa=sometimes"))
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("sesame.gateway.applications.rh.mfa"));
	}

	@Test
	void noApplicationAtAllIsRefused() {
		this.runner.run((context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("sesame.gateway.applications must declare at least one application"));
	}

	@Test
	void requestsAreMatchedInOrderAndGatewayPathsAreNeverAnApplications() {
		this.runner
			.withPropertyValues(app("catch-all", "paths[0]=/**", "uri=http://127.0.0.1:8081", "communes[0]=*", "order=10"))
			.withPropertyValues(app("rh", "paths[0]=/rh/**", "uri=http://127.0.0.1:8082", "communes[0]=*"))
			.withPropertyValues(app("intranet", "hosts[0]=intranet.*.example", "uri=http://127.0.0.1:8083",
					"communes[0]=*", "order=-1"))
			.run((context) -> {
				Applications applications = new Applications(context.getBean(GatewayProperties.class));
				assertThat(find(applications, "gw.example", "/rh/paie")).isEqualTo("rh");
				assertThat(find(applications, "gw.example", "/anything")).isEqualTo("catch-all");
				assertThat(find(applications, "intranet.rivebelle.example", "/rh/paie")).isEqualTo("intranet");
				assertThat(find(applications, "gw.example", "/logout")).isNull();
				assertThat(find(applications, "gw.example", "/oauth2/authorization/sesame")).isNull();
				assertThat(find(applications, "gw.example", "/actuator/health")).isNull();
				assertThat(applications.isIdentityHeader("x-sesame-anything")).isTrue();
				assertThat(applications.isIdentityHeader("X-Auth-Request-Email")).isTrue();
				assertThat(applications.isIdentityHeader("Remote-User")).isTrue();
				assertThat(applications.isIdentityHeader("Accept")).isFalse();
			});
	}

	private static String find(Applications applications, String host, String path) {
		return applications.find(MockServerHttpRequest.get("http://" + host + path).build())
			.map(Application::id)
			.orElse(null);
	}

	private static String[] app(String id, String... settings) {
		String[] values = new String[settings.length + 1];
		values[0] = "sesame.gateway.applications." + id + ".display-name=" + id;
		for (int i = 0; i < settings.length; i++) {
			values[i + 1] = "sesame.gateway.applications." + id + "." + settings[i];
		}
		return values;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class PropertiesOnly {

	}

}
