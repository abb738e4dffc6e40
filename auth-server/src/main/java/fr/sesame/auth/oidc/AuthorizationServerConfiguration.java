package fr.sesame.auth.oidc;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.client.registry.Applications;
import fr.sesame.auth.directory.ClientRoles;
import fr.sesame.auth.directory.IndexedStanding;
import fr.sesame.auth.login.LoginPageEntryPoint;
import fr.sesame.auth.logout.LogoutWithoutIdTokenHint;
import fr.sesame.auth.logout.SessionEndingLogoutHandler;
import fr.sesame.auth.mfa.policy.SecondFactorPolicy;
import fr.sesame.auth.mfa.stepup.AuthorizationRequestGate;
import fr.sesame.auth.token.AgentClaims;
import fr.sesame.auth.token.AuthenticationContextClass;
import fr.sesame.auth.token.ClientGrantSummaries;
import fr.sesame.auth.token.client.ClientTokenIntrospection;
import fr.sesame.auth.token.client.ClientTokenRevocation;
import fr.sesame.auth.token.client.ClientTokens;
import fr.sesame.auth.web.SecurityHeaders;
import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.index.DirectoryIndex;

/**
 * The OAuth2 / OIDC endpoints: authorization, token, introspection, revocation, discovery, JWKS, userinfo and
 * RP-initiated logout. The login page that the authorization endpoint sends agents to lives in {@code login}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IssuerProperties.class)
public class AuthorizationServerConfiguration {

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServerSecurityFilterChain(HttpSecurity http,
			SessionEndingLogoutHandler sessionEnding, AuthorizationRequestGate secondFactorGate,
			ClientTokens clientTokens, RegisteredClientRepository registeredClients,
			AuthorizationResponses authorizationResponses, Applications applications) {
		OAuth2ErrorLogging oauth2Errors = new OAuth2ErrorLogging();
		OidcLogoutAuthenticationSuccessHandler rpInitiatedLogout = new OidcLogoutAuthenticationSuccessHandler();
		rpInitiatedLogout.setLogoutHandler(sessionEnding);
		http.oauth2AuthorizationServer((server) -> {
			http.securityMatcher(
					new OrRequestMatcher(server.getEndpointsMatcher(), BrowserClientOrigins::isPreflightHere));
			server.clientAuthentication((clients) -> clients.errorResponseHandler(oauth2Errors))
				.authorizationEndpoint((authorize) -> authorize.authorizationResponseHandler(authorizationResponses)
					.errorResponseHandler(new AuthorizationErrorPage(authorizationResponses, registeredClients))
					.authorizationRequestConverters((converters) -> converters.replaceAll(
							(converter) -> (converter instanceof OAuth2AuthorizationCodeRequestAuthenticationConverter)
									? new RegisteredScopesOnly(converter, applications) : converter))
					.authenticationProviders(AuthorizationServerConfiguration::validateCodeRequests))
				.tokenEndpoint((token) -> token.errorResponseHandler(oauth2Errors))
				// Client_credentials tokens are verified, not stored: their providers answer first (ClientTokens).
				.tokenIntrospectionEndpoint((introspect) -> introspect.errorResponseHandler(oauth2Errors)
					.authenticationProviders((providers) -> providers.add(0, new ClientTokenIntrospection(clientTokens))))
				.tokenRevocationEndpoint((revoke) -> revoke.errorResponseHandler(oauth2Errors)
					.authenticationProviders((providers) -> providers.add(0, new ClientTokenRevocation(clientTokens))))
				.oidc((oidc) -> oidc
					.providerConfigurationEndpoint((discovery) -> discovery
						.providerConfigurationCustomizer(AuthorizationServerConfiguration::describeSesame))
					.userInfoEndpoint((userInfo) -> userInfo.userInfoMapper(new AgentUserInfo()))
					.logoutEndpoint((logout) -> logout.logoutResponseHandler(rpInitiatedLogout)
						.errorResponseHandler(oauth2Errors)));
		});
		// Before the authorization endpoint's filter, which issues the code as soon as it sees an authenticated agent.
		http.addFilterBefore(secondFactorGate, AbstractPreAuthenticatedProcessingFilter.class);
		// Before Spring's logout endpoint, which would answer a logout without id_token_hint with a JSON error.
		http.addFilterBefore(new LogoutWithoutIdTokenHint(), CsrfFilter.class);
		http.cors((cors) -> cors.configurationSource(new BrowserClientOrigins(applications)));
		http.authorizeHttpRequests((authorize) -> authorize.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer.jwt(Customizer.withDefaults()))
			.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
					new SilentAuthorizationEntryPoint(new LoginPageEntryPoint(), registeredClients,
							authorizationResponses),
					authorizationEndpoint()))
			.headers(SecurityHeaders.strict());
		return http.build();
	}

	private static void validateCodeRequests(List<AuthenticationProvider> providers) {
		providers.forEach((provider) -> {
			if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
				codeRequests.setAuthenticationValidator(new ExactRedirectUris()
					.andThen(new OAuth2AuthorizationCodeRequestAuthenticationValidator())
					.andThen(new RequestObjectsRefused()));
			}
		});
	}

	private static RequestMatcher authorizationEndpoint() {
		return (request) -> request.getRequestURI().equals(request.getContextPath() + "/oauth2/authorize");
	}

	private static void describeSesame(OidcProviderConfiguration.Builder discovery) {
		discovery.idTokenSigningAlgorithms((algorithms) -> {
			algorithms.clear();
			algorithms.addAll(List.of("ES256", "RS256"));
		})
			.scopes((scopes) -> {
				scopes.clear();
				scopes.addAll(List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL));
			})
			// What Sésame's clients can use (client/registry/RegisteredClients), not all that Spring's server knows:
			// a client that picks a method or grant from discovery must not pick one no client may have here.
			.tokenEndpointAuthenticationMethods((methods) -> {
				methods.clear();
				methods.addAll(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
						ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue(), ClientAuthenticationMethod.NONE.getValue()));
			})
			.tokenRevocationEndpointAuthenticationMethods(AuthorizationServerConfiguration::secretMethodsOnly)
			.tokenIntrospectionEndpointAuthenticationMethods(AuthorizationServerConfiguration::secretMethodsOnly)
			.grantTypes((grants) -> grants.retainAll(List.of(AuthorizationGrantType.AUTHORIZATION_CODE.getValue(),
					AuthorizationGrantType.CLIENT_CREDENTIALS.getValue(), AuthorizationGrantType.REFRESH_TOKEN.getValue())))
			.tlsClientCertificateBoundAccessTokens(false)
			.claim("acr_values_supported",
					List.of(AuthenticationContextClass.PASSWORD_ONLY, AuthenticationContextClass.MULTI_FACTOR))
			.claim("claims_supported",
					List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid", "commune",
							"commune_name", "preferred_username", "name", "given_name", "family_name", "email",
							"email_verified", "groups", "roles", "commune_roles"))
			.claim("claim_types_supported", List.of("normal"))
			.claim("response_modes_supported", AuthorizationResponses.RESPONSE_MODES)
			.claim("ui_locales_supported", List.of("fr", "en"))
			// Said outright: request_uri_parameter_supported is true when absent (OpenID Connect Discovery §3).
			.claim("request_parameter_supported", false)
			.claim("request_uri_parameter_supported", false)
			.claim("claims_parameter_supported", false)
			.claim("authorization_response_iss_parameter_supported", true)
			.claim("backchannel_logout_supported", true)
			.claim("backchannel_logout_session_supported", true);
	}

	private static void secretMethodsOnly(List<String> methods) {
		methods.retainAll(List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue(),
				ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue()));
	}

	@Bean
	AuthorizationResponses authorizationResponses(IssuerProperties properties) {
		return new AuthorizationResponses(properties.issuer().toString());
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(IssuerProperties properties) {
		return AuthorizationServerSettings.builder().issuer(properties.issuer().toString()).build();
	}

	// The directory index (ldap-sync) tells whether the agent is still active and what its roles are now.
	@Bean
	IndexedStanding indexedStanding(DirectoryIndex index) {
		return new IndexedStanding(index);
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> agentClaims(SignedInAgents signedInAgents, ClientRoles clientRoles,
			IndexedStanding standing, SecondFactorPolicy secondFactors, MeterRegistry meters, AuditTrail audit,
			ClientGrantSummaries clientGrants, CommuneDirectories communes) {
		return new AgentClaims(signedInAgents, clientRoles, standing, secondFactors, meters, audit, clientGrants,
				communes);
	}

	@Bean
	ClientGrantSummaries clientGrantSummaries(AuditTrail audit, ObjectProvider<Clock> clock) {
		return new ClientGrantSummaries(audit, Duration.ofMinutes(1), clock.getIfUnique(Clock::systemUTC));
	}

}
