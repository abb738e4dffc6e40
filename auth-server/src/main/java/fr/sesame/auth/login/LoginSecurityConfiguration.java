package fr.sesame.auth.login;

import java.time.Clock;

import jakarta.servlet.DispatcherType;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.web.servlet.LocaleResolver;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.leaver.AgentHttpSessions;
import fr.sesame.auth.logout.SessionEnd;
import fr.sesame.auth.logout.PostLogoutRedirectHandler;
import fr.sesame.auth.logout.PostLogoutRedirects;
import fr.sesame.auth.logout.SessionEndingLogoutHandler;
import fr.sesame.auth.mfa.passkey.PasskeySecondFactor;
import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreType;
import fr.sesame.auth.throttle.LoginThrottle;
import fr.sesame.auth.web.SecurityHeaders;
import fr.sesame.directory.commune.CommuneDirectories;

/**
 * Everything that is not an OAuth2/OIDC endpoint: the login page and its form, the landing page, static assets,
 * health and metrics.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SessionLimitProperties.class)
public class LoginSecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain loginSecurityFilterChain(HttpSecurity http, SignedInAgents signedInAgents,
			SessionLimit sessionLimit, SessionEndingLogoutHandler sessionEnding, PostLogoutRedirects postLogoutRedirects,
			PasskeySecondFactor passkeys) {
		http.authorizeHttpRequests((authorize) -> authorize
			.requestMatchers("/login", "/css/**", "/js/**", "/favicon.ico", "/oauth2/error", "/oauth2/form-post",
					"/signout").permitAll()
			// The error page for errors only: asked for directly, /error is a page like any other (Spring Boot's
			// controller would answer it with a 500 and status 999).
			.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
			.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus").permitAll()
			.anyRequest().authenticated())
			.formLogin((form) -> form.loginPage("/login")
				.authenticationDetailsSource(AgentLoginDetails.source())
				.successHandler(new LoginSuccessHandler(signedInAgents, sessionLimit))
				.failureHandler(new LoginFailureHandler())
				.permitAll())
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(new LoginPageEntryPoint()))
			.logout((logout) -> logout.addLogoutHandler(sessionEnding)
				.logoutSuccessHandler(new PostLogoutRedirectHandler(postLogoutRedirects)))
			// Passkeys as a second factor only, after the password: see PasskeySecondFactor.
			.webAuthn(passkeys.webAuthn(http))
			.addFilterAfter(passkeys.guard(), CsrfFilter.class)
			.headers(SecurityHeaders.strict());
		return http.build();
	}

	// The only AuthenticationProvider bean: Spring Boot makes it the global one, which the form login uses. Adding it
	// to the chain as well would make a refused sign-in go through it twice (chain, then parent manager): two binds.
	@Bean
	AgentAuthenticationProvider agentAuthenticationProvider(CommuneDirectories directories, LoginThrottle throttle,
			SignedInAgents signedInAgents, MeterRegistry meters, AuditTrail audit) {
		return new AgentAuthenticationProvider(directories, throttle, signedInAgents, meters, audit);
	}

	@Bean
	FilterRegistrationBean<PendingSessionLifetime> pendingSessionLifetime(SessionLimitProperties properties) {
		FilterRegistrationBean<PendingSessionLifetime> registration = new FilterRegistrationBean<>(
				new PendingSessionLifetime(properties.signInTimeout()));
		// Around Spring Security (which creates the sessions), inside Spring Session (which saves them afterwards).
		registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1);
		return registration;
	}

	// Tomcat's sessions only: with the stores in Redis, Spring Session keeps sessions there and these events never come.
	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	PendingSessionCap pendingSessionCap(SessionLimitProperties properties, MeterRegistry meters,
			ObjectProvider<Clock> clock) {
		return new PendingSessionCap(properties.maxPending(), meters, clock.getIfUnique(Clock::systemUTC));
	}

	@Bean
	SessionLimit sessionLimit(AgentHttpSessions sessions, SessionEnd sessionEnd, SessionLimitProperties properties) {
		return new SessionLimit(sessions, sessionEnd, properties.maxPerAgent());
	}

	@Bean
	LocaleResolver localeResolver() {
		return new LoginLocaleResolver();
	}

}
