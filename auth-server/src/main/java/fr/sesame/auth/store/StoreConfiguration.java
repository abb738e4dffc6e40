package fr.sesame.auth.store;

import java.time.Clock;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.jackson.SecurityJacksonModule;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

/**
 * The authorization server's state, in this process or in Redis depending on {@code sesame.store.type}: its
 * authorizations ({@link AgentAuthorizations}, picked up by the authorization server as its
 * {@code OAuth2AuthorizationService}), consents, and the {@link SessionRegistry} that OIDC uses for {@code sid} and
 * logout.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
public class StoreConfiguration {

	static Clock clock(ObjectProvider<Clock> clock) {
		return clock.getIfUnique(Clock::systemUTC);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnStoreType(StoreType.MEMORY)
	static class InMemoryStores {

		@Bean
		AgentAuthorizations agentAuthorizations(StoreProperties properties, ObjectProvider<Clock> clock) {
			return new InMemoryAgentAuthorizations(properties.pendingAuthorizationTtl(), clock(clock));
		}

		@Bean
		OAuth2AuthorizationConsentService authorizationConsentService() {
			return new InMemoryConsents();
		}

		@Bean
		SessionRegistry sessionRegistry() {
			return new SessionRegistryImpl();
		}

		// Tells the registry above when the servlet container destroys a session, or it would keep it forever.
		@Bean
		static HttpSessionEventPublisher httpSessionEventPublisher() {
			return new HttpSessionEventPublisher();
		}

		// Sessions in Redis with everything else in memory would look right and fail on the first restart.
		@Bean
		static SmartInitializingSingleton noSpringSessionInMemoryMode(ListableBeanFactory beans) {
			return () -> {
				if (beans.getBeanNamesForType(SessionRepository.class, false, false).length > 0) {
					throw new IllegalStateException("sesame.store.type=memory but Spring Session is active: add "
							+ "SessionDataRedisAutoConfiguration (and the Redis auto-configurations) to "
							+ "spring.autoconfigure.exclude, or set sesame.store.type=redis");
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnStoreType(StoreType.REDIS)
	static class RedisStores {

		@Bean
		AgentAuthorizations agentAuthorizations(ObjectProvider<StringRedisTemplate> redis,
				RegisteredClientRepository clients, ObjectProvider<SecurityJacksonModule> ownTypes,
				StoreProperties properties, ObjectProvider<Clock> clock) {
			AuthorizationJson json = new AuthorizationJson(clients, ownTypes.orderedStream().toList());
			return new RedisAgentAuthorizations(redis(redis), json, properties.keyPrefix(),
					properties.pendingAuthorizationTtl(), clock(clock));
		}

		@Bean
		OAuth2AuthorizationConsentService authorizationConsentService(ObjectProvider<StringRedisTemplate> redis,
				StoreProperties properties) {
			return new RedisConsents(redis(redis), properties.keyPrefix());
		}

		@Bean
		SessionRegistry sessionRegistry(ObjectProvider<FindByIndexNameSessionRepository<?>> sessions) {
			FindByIndexNameSessionRepository<?> repository = sessions.getIfAvailable();
			if (repository == null) {
				throw new IllegalStateException("sesame.store.type=redis needs Spring Session's indexed Redis "
						+ "repository, which finds a principal's sessions for OIDC logout: set "
						+ "spring.session.data.redis.repository-type=indexed");
			}
			return registry(repository);
		}

		@Bean
		RedisEvictionPolicy redisEvictionPolicy(ObjectProvider<StringRedisTemplate> redis) {
			return new RedisEvictionPolicy(redis(redis));
		}

		private static <S extends Session> SessionRegistry registry(FindByIndexNameSessionRepository<S> repository) {
			return new SpringSessionBackedSessionRegistry<>(repository);
		}

		static StringRedisTemplate redis(ObjectProvider<StringRedisTemplate> redis) {
			return StoreConfiguration.redis(redis, "its stores");
		}

	}

	/**
	 * Spring Boot's Redis template, for a store that {@code sesame.store.type=redis} puts in Redis; a clear start-up
	 * error naming what needed it when Redis auto-configuration was excluded.
	 * @param what what needs it, for the message ("role assignments")
	 */
	public static StringRedisTemplate redis(ObjectProvider<StringRedisTemplate> redis, String what) {
		StringRedisTemplate template = redis.getIfAvailable();
		if (template == null) {
			throw new IllegalStateException("sesame.store.type=redis needs Spring Boot's Redis auto-configuration for "
					+ what + ": remove DataRedisAutoConfiguration from spring.autoconfigure.exclude");
		}
		return template;
	}

}
