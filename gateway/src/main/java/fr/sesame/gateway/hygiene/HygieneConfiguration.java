package fr.sesame.gateway.hygiene;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.sesame.gateway.application.Applications;
import fr.sesame.gateway.application.GatewayProperties;

/**
 * What a client may not decide for itself: its identity headers are removed, and the {@code X-Forwarded-*} headers
 * upstreams receive are the gateway's.
 */
@Configuration(proxyBeanMethods = false)
public class HygieneConfiguration {

	@Bean
	TrustedProxies trustedProxies(GatewayProperties properties) {
		return new TrustedProxies(properties.trustedProxies());
	}

	@Bean
	ClientAddress clientAddress(TrustedProxies proxies) {
		return new ClientAddress(proxies);
	}

	@Bean
	IdentityHeaderHygiene identityHeaderHygiene(Applications applications, TrustedProxies proxies) {
		return new IdentityHeaderHygiene(applications, proxies);
	}

	@Bean
	ForwardedHeaders forwardedHeaders(TrustedProxies proxies) {
		return new ForwardedHeaders(proxies);
	}

}
