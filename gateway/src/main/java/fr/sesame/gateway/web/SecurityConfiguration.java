package fr.sesame.gateway.web;

import java.net.URI;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.HttpStatusServerEntryPoint;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.DelegatingServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.SecurityContextServerLogoutHandler;
import org.springframework.security.web.server.authentication.logout.WebSessionServerLogoutHandler;
import org.springframework.security.web.server.DelegatingServerAuthenticationEntryPoint;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher.MatchResult;

import fr.sesame.gateway.application.GatewayProperties;
import fr.sesame.gateway.application.RoutedApplication;
import fr.sesame.gateway.hygiene.FirewallCharacters;
import fr.sesame.gateway.logout.BackChannelLogoutEndpoint;
import fr.sesame.gateway.policy.RequestKind;
import fr.sesame.gateway.session.ReturnAfterSignIn;
import fr.sesame.gateway.signin.DiscoveredClientRegistrations;
import fr.sesame.gateway.signin.SignInFailurePage;
import fr.sesame.gateway.signin.StepUpAuthorizationRequests;

/**
 * Spring Security for the gateway's own endpoints, with plain rules: the portal needs a session; sign-in, sign-out,
 * back-channel logout, assets and health are open. Requests for an application never reach this chain:
 * {@link FrontDoor} hands them to {@code policy.ApplicationAccess}, which authenticates them with Spring Security's
 * parts and decides; should one reach it anyway, it is denied. CSRF protects the gateway's own forms only:
 * applications behind it protect theirs, and the session cookie is {@code SameSite=Lax}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

	/** The gateway's own endpoints: portal, sign-in, sign-out, back-channel logout, assets, health. */
	@Bean
	SecurityWebFilterChain gatewaySecurity(ServerHttpSecurity http, DiscoveredClientRegistrations registrations,
			ServerOAuth2AuthorizedClientRepository authorizedClients, StepUpAuthorizationRequests authorizationRequests,
			ReactiveOidcSessionRegistry oidcSessions, ReturnAfterSignIn returnAfterSignIn, Pages pages,
			GatewayProperties properties) {
		RedirectServerAuthenticationSuccessHandler backToTarget = new RedirectServerAuthenticationSuccessHandler("/");
		backToTarget.setRequestCache(returnAfterSignIn);
		OidcClientInitiatedServerLogoutSuccessHandler providerLogout = new OidcClientInitiatedServerLogoutSuccessHandler(
				registrations);
		providerLogout.setPostLogoutRedirectUri(properties.signIn().postLogoutRedirect());
		providerLogout.setLogoutSuccessUrl(URI.create(WebConfiguration.SIGNED_OUT_PATH));
		http.securityMatcher((exchange) -> MatchResult.match())
			.headers(ServerHttpSecurity.HeaderSpec::disable)
			.requestCache((cache) -> cache.requestCache(returnAfterSignIn))
			.oauth2Login((login) -> login.clientRegistrationRepository(registrations)
				.authorizedClientRepository(authorizedClients)
				.authorizationRequestResolver(authorizationRequests)
				.oidcSessionRegistry(oidcSessions)
				.authenticationSuccessHandler(backToTarget)
				.authenticationFailureHandler(new SignInFailurePage(pages)))
			.logout((logout) -> logout.logoutUrl("/logout")
				.logoutHandler(new DelegatingServerLogoutHandler(new SecurityContextServerLogoutHandler(),
						new WebSessionServerLogoutHandler()))
				.logoutSuccessHandler(providerLogout))
			.csrf((csrf) -> csrf.requireCsrfProtectionMatcher(gatewayFormPosts()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(signInFirst(returnAfterSignIn)))
			.authorizeExchange((exchanges) -> exchanges.matchers(forApplication())
				.denyAll()
				.pathMatchers("/")
				.authenticated()
				.anyExchange()
				.permitAll());
		return http.build();
	}

	private static ServerWebExchangeMatcher forApplication() {
		return (exchange) -> RoutedApplication.of(exchange).isPresent() ? MatchResult.match() : MatchResult.notMatch();
	}

	/**
	 * No Micrometer observation around every security filter, authentication and authorization of every request:
	 * they cost as much as the gateway's own work on the request path, and the gateway measures what matters itself
	 * ({@code sesame_gateway_requests_seconds}, {@code sesame_gateway_denials_total}).
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** Spring Security's default firewall rules, checked without a regular expression per header read. */
	@Bean
	ServerWebExchangeFirewall firewall() {
		return FirewallCharacters.firewall();
	}

	/** The portal without a session: browsers sign in, scripts get a 401. */
	private static ServerAuthenticationEntryPoint signInFirst(ReturnAfterSignIn returnAfterSignIn) {
		RedirectServerAuthenticationEntryPoint signIn = new RedirectServerAuthenticationEntryPoint(
				StepUpAuthorizationRequests.signInUri());
		signIn.setRequestCache(returnAfterSignIn);
		ServerWebExchangeMatcher api = (exchange) -> (RequestKind.of(exchange.getRequest()) == RequestKind.API)
				? MatchResult.match() : MatchResult.notMatch();
		DelegatingServerAuthenticationEntryPoint entryPoint = new DelegatingServerAuthenticationEntryPoint(
				List.of(new DelegatingServerAuthenticationEntryPoint.DelegateEntry(api,
						new HttpStatusServerEntryPoint(HttpStatus.UNAUTHORIZED))));
		entryPoint.setDefaultEntryPoint(signIn);
		return entryPoint;
	}

	/**
	 * Unsafe requests to the gateway's own endpoints (the sign-out form), except the back-channel logout endpoint,
	 * which the provider calls server to server with a signed token instead.
	 */
	private static ServerWebExchangeMatcher gatewayFormPosts() {
		return (exchange) -> {
			HttpMethod method = exchange.getRequest().getMethod();
			boolean safe = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
					|| method == HttpMethod.TRACE;
			boolean backChannel = BackChannelLogoutEndpoint.PATH
				.equals(exchange.getRequest().getPath().pathWithinApplication().value());
			return (!safe && !backChannel) ? MatchResult.match() : MatchResult.notMatch();
		};
	}

}
