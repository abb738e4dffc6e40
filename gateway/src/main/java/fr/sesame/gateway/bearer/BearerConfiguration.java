package fr.sesame.gateway.bearer;

import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.sesame.gateway.application.GatewayProperties;
import fr.sesame.gateway.signin.ProviderMetadata;

/**
 * Bearer access tokens of API clients: the provider's keys and the verified-token cache.
 */
@Configuration(proxyBeanMethods = false)
public class BearerConfiguration {

	@Bean
	ProviderKeys providerKeys(ProviderMetadata provider, GatewayProperties properties) {
		return new ProviderKeys(provider, properties.bearer().jwksCacheTtl(), properties.bearer().jwksRefetchInterval());
	}

	/**
	 * Access tokens only: they carry {@code scope}, ID tokens do not (and carry {@code nonce}), so an ID token
	 * replayed as a bearer token is refused even though its audience is a client id. Sender-constrained tokens (a
	 * {@code cnf} claim: DPoP, RFC 9449, or a client certificate, RFC 8705) are refused too: the gateway checks no
	 * proof of possession, and such a token presented as a plain bearer token is what a thief would do with it.
	 */
	@Bean
	VerifiedAccessTokens verifiedAccessTokens(ProviderKeys keys, GatewayProperties properties, Clock clock) {
		Set<JOSEObjectType> types = new HashSet<>(Arrays.asList(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
		ProviderTokenVerifier verifier = new ProviderTokenVerifier(keys, properties.bearer().audiences(), types,
				Set.of("iss", "sub", "aud", "exp", "scope"), Set.of("nonce", "cnf"), properties.bearer().clockSkew());
		return new VerifiedAccessTokens(verifier, properties.bearer().cacheSize(), clock);
	}

}
