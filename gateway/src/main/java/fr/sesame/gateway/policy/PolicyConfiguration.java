package fr.sesame.gateway.policy;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import fr.sesame.gateway.application.GatewayProperties;
import fr.sesame.gateway.bearer.VerifiedAccessTokens;
import fr.sesame.gateway.observability.GatewayMetrics;
import fr.sesame.gateway.ratelimit.RepeatedRefusals;
import fr.sesame.gateway.session.AgentSessions;
import fr.sesame.gateway.session.ReturnAfterSignIn;
import fr.sesame.gateway.web.Pages;

/**
 * Where requests for applications are allowed or denied ({@link ApplicationAccess}), the policy, and how its
 * refusals look.
 */
@Configuration(proxyBeanMethods = false)
public class PolicyConfiguration {

	@Bean
	ApplicationAccess applicationAccess(ServerWebExchangeFirewall firewall, VerifiedAccessTokens accessTokens,
			RoutePolicy policy, AgentSessions sessions, DecisionResponses responses, GatewayMetrics metrics,
			RepeatedRefusals refusals, @Qualifier(WebHttpHandlerBuilder.WEB_HANDLER_BEAN_NAME) WebHandler routing) {
		return new ApplicationAccess(firewall, new ApplicationAuthentication(accessTokens), policy, sessions,
				responses, metrics, refusals, routing);
	}

	@Bean
	RoutePolicy routePolicy(GatewayProperties properties) {
		return new RoutePolicy(properties.signIn().mfaAcr());
	}

	@Bean
	DecisionResponses decisionResponses(ReturnAfterSignIn returnAfterSignIn, Pages pages) {
		return new DecisionResponses(returnAfterSignIn, pages);
	}

}
