package fr.sesame.gateway.signin;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.client.oidc.authentication.ReactiveOidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.web.reactive.function.client.WebClient;

import fr.sesame.gateway.application.GatewayProperties;

/**
 * The gateway as an OpenID Connect client of auth-server: registration from discovery, ID tokens checked with the
 * provider's algorithm, tokens kept in the (server-side) session, {@code acr_values} on step-up.
 */
@Configuration(proxyBeanMethods = false)
public class SignInConfiguration {

	@Bean
	ProviderMetadata providerMetadata(GatewayProperties properties) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2_000)
			.responseTimeout(Duration.ofSeconds(5));
		WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		return new ProviderMetadata(properties.signIn().issuer(), web, Duration.ofSeconds(5));
	}

	@Bean
	DiscoveredClientRegistrations clientRegistrations(ProviderMetadata provider, GatewayProperties properties) {
		return new DiscoveredClientRegistrations(provider, properties.signIn());
	}

	/** Spring checks ID tokens against RS256 unless told otherwise; auth-server signs ES256 by default. */
	@Bean
	ReactiveOidcIdTokenDecoderFactory idTokenDecoderFactory(GatewayProperties properties) {
		ReactiveOidcIdTokenDecoderFactory factory = new ReactiveOidcIdTokenDecoderFactory();
		SignatureAlgorithm algorithm = SignatureAlgorithm.from(properties.signIn().idTokenSigningAlgorithm());
		factory.setJwsAlgorithmResolver((registration) -> algorithm);
		return factory;
	}

	/**
	 * Access and refresh tokens live in the session (in Redis with the {@code redis} store), never in the browser,
	 * and every replica sees them; Spring's default would keep them in this process's memory.
	 */
	@Bean
	ServerOAuth2AuthorizedClientRepository authorizedClientRepository() {
		return new WebSessionServerOAuth2AuthorizedClientRepository();
	}

	@Bean
	StepUpAuthorizationRequests authorizationRequests(ReactiveClientRegistrationRepository registrations,
			GatewayProperties properties) {
		return new StepUpAuthorizationRequests(registrations, properties.signIn().mfaAcr());
	}

}
