package fr.sesame.auth.mfa;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.directory.ClientRoles;
import fr.sesame.auth.directory.IndexedStanding;
import fr.sesame.auth.mfa.enrolment.EnrolmentGrace;
import fr.sesame.auth.mfa.passkey.Passkeys;
import fr.sesame.auth.mfa.policy.MfaPolicyProperties;
import fr.sesame.auth.mfa.policy.SecondFactorPolicy;
import fr.sesame.auth.mfa.recovery.RecoveryCodes;
import fr.sesame.auth.mfa.stepup.AuthorizationRequestGate;
import fr.sesame.auth.mfa.totp.TotpFactor;
import fr.sesame.auth.oidc.AuthorizationResponses;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MfaPolicyProperties.class)
public class MfaConfiguration {

	static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
	}

	@Bean
	SecondFactorPolicy secondFactorPolicy(MfaPolicyProperties properties) {
		return new SecondFactorPolicy(properties);
	}

	@Bean
	AgentFactors agentFactors(TotpFactor totp, Passkeys passkeys, RecoveryCodes recoveryCodes, AuditTrail audit) {
		return new AgentFactors(totp, passkeys, recoveryCodes, audit);
	}

	@Bean
	SessionElevation sessionElevation(ObjectProvider<Clock> clock) {
		return new SessionElevation(clock(clock));
	}

	@Bean
	AuthorizationRequestGate authorizationRequestGate(RegisteredClientRepository clients,
			SignedInAgents signedInAgents, IndexedStanding standing, ClientRoles clientRoles,
			SecondFactorPolicy policy, AgentFactors factors, EnrolmentGrace grace, ObjectProvider<Clock> clock,
			AuthorizationResponses responses) {
		return new AuthorizationRequestGate(clients, signedInAgents, standing, clientRoles, policy, factors, grace,
				clock(clock), responses);
	}

	// The gate belongs to the authorization server's filter chain only, not to every request of the container.
	@Bean
	FilterRegistrationBean<AuthorizationRequestGate> authorizationRequestGateOutsideSecurity(
			AuthorizationRequestGate gate) {
		FilterRegistrationBean<AuthorizationRequestGate> registration = new FilterRegistrationBean<>(gate);
		registration.setEnabled(false);
		return registration;
	}

}
