package fr.sesame.gateway.session;

import java.time.Clock;
import java.time.Duration;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.security.oauth2.client.AuthorizationCodeReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.RefreshTokenReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.DelegatingReactiveOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.oidc.server.session.InMemoryReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.server.session.ReactiveOidcSessionRegistry;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.session.ReactiveSessionRepository;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;
import org.springframework.web.server.session.WebSessionStore;

import fr.sesame.gateway.application.GatewayProperties;

/**
 * The gateway's sessions and what hangs on them, in this process or in Redis depending on {@code sesame.store.type}.
 * With Redis, Spring Session keeps the sessions (and so the tokens) for every replica; when Redis is down, requests
 * that need a session fail closed with a 503 page.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
public class SessionConfiguration {

	/** Refresh access tokens this long before they expire, so an upstream never receives one about to lapse. */
	static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);

	@Bean
	AgentSessions agentSessions(ReactiveClientRegistrationRepository registrations,
			ServerOAuth2AuthorizedClientRepository authorizedClients, GatewayProperties properties, Clock clock) {
		DefaultReactiveOAuth2AuthorizedClientManager manager = new DefaultReactiveOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		RefreshTokenReactiveOAuth2AuthorizedClientProvider refresh = new RefreshTokenReactiveOAuth2AuthorizedClientProvider();
		refresh.setClockSkew(REFRESH_AHEAD);
		refresh.setClock(clock);
		manager.setAuthorizedClientProvider(new DelegatingReactiveOAuth2AuthorizedClientProvider(
				new AuthorizationCodeReactiveOAuth2AuthorizedClientProvider(), refresh));
		return new AgentSessions(manager, properties.session().maxLifetime(), clock);
	}

	@Bean
	ReturnAfterSignIn returnAfterSignIn() {
		return new ReturnAfterSignIn();
	}

	/** Where sessions are, for ending them from a back-channel logout: Spring Session's store or the in-memory one. */
	@Bean
	WebSessionStore webSessionStore(WebSessionManager manager) {
		if (manager instanceof DefaultWebSessionManager sessions) {
			return sessions.getSessionStore();
		}
		throw new IllegalStateException("Back-channel logout needs the WebSessionStore behind the WebSessionManager, "
				+ "but the manager is a " + manager.getClass().getName());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnStoreType(StoreType.MEMORY)
	static class InMemorySessions {

		@Bean
		ReactiveOidcSessionRegistry oidcSessionRegistry() {
			return new InMemoryReactiveOidcSessionRegistry();
		}

		// Sessions in Redis with the session index in memory would look right and break back-channel logout.
		@Bean
		static SmartInitializingSingleton noSpringSessionInMemoryMode(ListableBeanFactory beans) {
			return () -> {
				if (beans.getBeanNamesForType(ReactiveSessionRepository.class, false, false).length > 0) {
					throw new IllegalStateException("sesame.store.type=memory but Spring Session is active: add "
							+ "SessionDataRedisAutoConfiguration (and the Redis auto-configurations) to "
							+ "spring.autoconfigure.exclude, or set sesame.store.type=redis");
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnStoreType(StoreType.REDIS)
	static class RedisSessions {

		@Bean
		ReactiveOidcSessionRegistry oidcSessionRegistry(ObjectProvider<ReactiveStringRedisTemplate> redis,
				StoreProperties store, GatewayProperties properties) {
			return new RedisOidcSessionRegistry(redis(redis), store.keyPrefix(), properties.session().maxLifetime());
		}

		/** Spring Session picks its serializer by this bean name. */
		@Bean
		RedisSerializer<Object> springSessionDefaultRedisSerializer(ResourceLoader resources) {
			return new LenientSessionSerializer(resources.getClassLoader());
		}

		@Bean
		IncompleteSessionsAreEnded incompleteSessionsAreEnded() {
			return new IncompleteSessionsAreEnded();
		}

		@Bean
		static SmartInitializingSingleton springSessionInRedisMode(ListableBeanFactory beans) {
			return () -> {
				if (beans.getBeanNamesForType(ReactiveSessionRepository.class, false, false).length == 0) {
					throw new IllegalStateException("sesame.store.type=redis but Spring Session is not active: "
							+ "remove SessionDataRedisAutoConfiguration from spring.autoconfigure.exclude "
							+ "(the redis profile does)");
				}
			};
		}

		static ReactiveStringRedisTemplate redis(ObjectProvider<ReactiveStringRedisTemplate> redis) {
			ReactiveStringRedisTemplate template = redis.getIfAvailable();
			if (template == null) {
				throw new IllegalStateException("sesame.store.type=redis needs Spring Boot's reactive Redis "
						+ "auto-configuration: remove DataRedisReactiveAutoConfiguration from spring.autoconfigure.exclude");
			}
			return template;
		}

	}

}
