package fr.sesame.gateway.logout;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import com.nimbusds.jose.JOSEObjectType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.web.server.session.WebSessionStore;

import fr.sesame.gateway.application.GatewayProperties;
import fr.sesame.gateway.bearer.ProviderKeys;
import fr.sesame.gateway.bearer.ProviderTokenVerifier;
import fr.sesame.gateway.session.ConditionalOnStoreType;
import fr.sesame.gateway.session.StoreProperties;
import fr.sesame.gateway.session.StoreType;

/**
 * OpenID Connect back-channel logout: the logout-token checks and the session termination behind
 * {@link BackChannelLogoutEndpoint#PATH}.
 */
@Configuration(proxyBeanMethods = false)
public class LogoutConfiguration {

	/** How old a logout token may be: the provider sends it as the session ends. */
	static final Duration LOGOUT_TOKEN_MAX_AGE = Duration.ofMinutes(5);

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	UsedLogoutTokens inMemoryUsedLogoutTokens() {
		return new UsedLogoutTokens.InMemory();
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	UsedLogoutTokens redisUsedLogoutTokens(ReactiveStringRedisTemplate redis, StoreProperties store) {
		return new UsedLogoutTokens.InRedis(redis, store.keyPrefix());
	}

	@Bean
	LogoutTokens logoutTokens(ProviderKeys keys, GatewayProperties properties, Clock clock, UsedLogoutTokens used) {
		Set<JOSEObjectType> types = new HashSet<>(Arrays.asList(JOSEObjectType.JWT, new JOSEObjectType("logout+jwt"), null));
		ProviderTokenVerifier verifier = new ProviderTokenVerifier(keys, Set.of(properties.signIn().clientId()), types,
				Set.of("iss", "aud", "iat", "jti", "events"), Set.of("nonce"), properties.bearer().clockSkew());
		return new LogoutTokens(verifier, LOGOUT_TOKEN_MAX_AGE.plus(properties.bearer().clockSkew()), clock, used);
	}

	@Bean
	SessionTermination sessionTermination(ReactiveOidcSessionRegistry registry, WebSessionStore sessions) {
		return new SessionTermination(registry, sessions);
	}

	@Bean
	BackChannelLogoutEndpoint backChannelLogoutEndpoint(LogoutTokens tokens, SessionTermination termination) {
		return new BackChannelLogoutEndpoint(tokens, termination);
	}

}
