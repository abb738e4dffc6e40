package fr.sesame.gateway.portal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.sesame.gateway.application.Applications;
import fr.sesame.gateway.application.GatewayProperties;
import fr.sesame.gateway.policy.RoutePolicy;
import fr.sesame.gateway.session.AgentSessions;
import fr.sesame.gateway.web.Pages;

@Configuration(proxyBeanMethods = false)
public class PortalConfiguration {

	@Bean
	Portal portal(Applications applications, RoutePolicy policy, AgentSessions sessions, Pages pages,
			GatewayProperties properties) {
		return new Portal(applications, policy, sessions, pages, properties.signIn().mfaAcr());
	}

}
