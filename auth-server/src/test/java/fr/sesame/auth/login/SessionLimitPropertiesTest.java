package fr.sesame.auth.login;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sesame.login.sessions.*}: the defaults, and each value out of range stopping the start with its key. */
class SessionLimitPropertiesTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(SessionLimitPropertiesConfiguration.class);

	@Test
	void defaults() {
		this.runner.run((context) -> {
			SessionLimitProperties properties = context.getBean(SessionLimitProperties.class);
			assertThat(properties.maxPerAgent()).isEqualTo(10);
			assertThat(properties.signInTimeout()).isEqualTo(Duration.ofMinutes(30));
			assertThat(properties.maxPending()).isEqualTo(10_000);
		});
	}

	@Test
	void valuesOutOfRangeStopTheStartNamingTheKey() {
		assertRefused("sesame.login.sessions.max-per-agent=0", "sesame.login.sessions.max-per-agent must be at least 1");
		assertRefused("sesame.login.sessions.sign-in-timeout=0s",
				"sesame.login.sessions.sign-in-timeout must be between 1s and 24h");
		assertRefused("sesame.login.sessions.max-pending=99", "sesame.login.sessions.max-pending must be at least 100");
	}

	private void assertRefused(String property, String message) {
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining(message));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(SessionLimitProperties.class)
	static class SessionLimitPropertiesConfiguration {

	}

}
