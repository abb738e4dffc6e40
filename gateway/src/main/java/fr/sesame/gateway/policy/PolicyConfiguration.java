package fr.sesame.gateway.policy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.sesame.gateway.application.GatewayProperties;
import fr.sesame.gateway.session.ReturnAfterSignIn;
import fr.sesame.gateway.web.Pages;

/**
 * The policy and how its refusals look. {@link AccessPolicyFilter} itself is not a bean: it belongs in the security
 * filter chain only, where {@code SecurityConfiguration} puts it.
 */
@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

	@Bean
	RoutePolicy routePolicy(GatewayProperties properties) {
		return new RoutePolicy(properties.signIn().mfaAcr());
	}

	@Bean
	DecisionResponses decisionResponses(ReturnAfterSignIn returnAfterSignIn, Pages pages) {
		return new DecisionResponses(returnAfterSignIn, pages);
	}

}
