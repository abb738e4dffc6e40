package fr.sesame.auth.admin;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import fr.sesame.auth.web.SecurityHeaders;

/**
 * The admin REST API: bearer access tokens of this server only, with the {@code sesame.admin} scope (ID tokens carry
 * no scope, so they are refused). No session, no cookie, hence no CSRF token. What each admin may do is decided per
 * request by {@link AdminCaller}.
 */
@Configuration(proxyBeanMethods = false)
class AdminApiSecurityConfiguration {

	static final String ADMIN_SCOPE = "sesame.admin";

	@Bean
	@Order(0)
	SecurityFilterChain adminApiSecurityFilterChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/api/admin/**")
			.authorizeHttpRequests((authorize) -> authorize.anyRequest().hasAuthority("SCOPE_" + ADMIN_SCOPE))
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf((csrf) -> csrf.disable())
			.headers(SecurityHeaders.strict());
		return http.build();
	}

}
