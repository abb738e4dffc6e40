package fr.sesame.gateway.observability;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.sesame.gateway.signin.ProviderMetadata;
import fr.sesame.gateway.web.ErrorPages;

/**
 * Access log, metrics per application, and the auth-server health indicator (Redis' comes with Spring Boot in the
 * {@code redis} store).
 */
@Configuration(proxyBeanMethods = false)
public class ObservabilityConfiguration {

	@Bean
	GatewayMetrics gatewayMetrics(MeterRegistry registry) {
		return new GatewayMetrics(registry);
	}

	@Bean
	AccessLog accessLog(GatewayMetrics metrics, ErrorPages errors) {
		return new AccessLog(metrics, errors);
	}

	@Bean
	UpstreamTiming upstreamTiming(GatewayMetrics metrics) {
		return new UpstreamTiming(metrics);
	}

	/** {@code /actuator/health/authServer}. */
	@Bean
	AuthServerHealth authServer(ProviderMetadata provider) {
		return new AuthServerHealth(provider, Duration.ofSeconds(5));
	}

}
