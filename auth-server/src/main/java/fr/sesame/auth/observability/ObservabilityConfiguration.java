package fr.sesame.auth.observability;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.observation.SecurityObservationSettings;

@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

	@Bean
	FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
		FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
		// Before Spring Security, so that its log lines carry the id too.
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	/**
	 * No Micrometer observation around every security filter, authentication and authorization of every request:
	 * on the token endpoint they cost about as much as the rest of the request bar the signature (one observation per
	 * filter, meters looked up by tags each time), and they measure nothing we watch. Requests keep
	 * {@code http_server_requests_seconds}; sign-ins, LDAP latency and tokens have their own {@code sesame_*} meters.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

}
