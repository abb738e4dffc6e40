package fr.sesame.gateway.session;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveRedisTemplate;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializationContext;
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
import org.springframework.session.web.server.session.SpringSessionWebSessionStore;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionIdResolver;
import org.springframework.web.server.session.WebSessionManager;
import org.springframework.web.server.session.WebSessionStore;

import fr.sesame.gateway.application.GatewayProperties;

/**
 * The gateway's sessions and what hangs on them, in this process or in Redis depending on {@code sesame.store.type}.
 * With Redis, {@link RedisSessionRepository} keeps the sessions (and so the tokens) for every replica, read through a
 * cache of at most a second ({@link RecentSessions}, emptied of a session as soon as any replica ends or changes it:
 * {@link SessionChanges}); when Redis is down, requests that need a session fail closed with a 503 page.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
public class SessionConfiguration {

	/** Refresh access tokens this long before they expire, so an upstream never receives one about to lapse. */
	static final Duration REFRESH_AHEAD = Duration.ofSeconds(60);

	@Bean
	AgentSessions agentSessions(ReactiveClientRegistrationRepository registrations,
			ServerOAuth2AuthorizedClientRepository authorizedClients, CurrentSessions currentSessions,
			GatewayProperties properties, Clock clock) {
		DefaultReactiveOAuth2AuthorizedClientManager manager = new DefaultReactiveOAuth2AuthorizedClientManager(
				registrations, authorizedClients);
		RefreshTokenReactiveOAuth2AuthorizedClientProvider refresh = new RefreshTokenReactiveOAuth2AuthorizedClientProvider();
		refresh.setClockSkew(REFRESH_AHEAD);
		refresh.setClock(clock);
		manager.setAuthorizedClientProvider(new DelegatingReactiveOAuth2AuthorizedClientProvider(
				new AuthorizationCodeReactiveOAuth2AuthorizedClientProvider(), refresh));
		// Spring's default removes the tokens from the session on a refused refresh; here a refusal either ends the
		// whole session or turns out to be another replica's refresh, whose tokens this replica must not erase.
		manager.setAuthorizationFailureHandler((failure, principal, attributes) -> Mono.empty());
		return new AgentSessions(manager, authorizedClients, currentSessions, properties.session().maxLifetime(),
				REFRESH_AHEAD, clock);
	}

	/** The session cookie, {@code server.reactive.session.cookie.*}: {@link SessionCookie} says why not Spring's. */
	@Bean
	WebSessionIdResolver sessionCookie(ServerProperties server) {
		return new SessionCookie(server.getReactive().getSession().getCookie());
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

		/**
		 * Spring Boot's manager with {@link InMemorySessionStore} instead of Spring's store, which refuses every
		 * newcomer once full. The idle timeout and cookie are Spring Boot's ({@code server.reactive.session.*}).
		 */
		@Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
		WebSessionManager webSessionManager(ObjectProvider<WebSessionIdResolver> ids, ServerProperties server,
				GatewayProperties properties, MeterRegistry meters, Clock clock) {
			DefaultWebSessionManager manager = new DefaultWebSessionManager();
			manager.setSessionStore(new InMemorySessionStore(properties.session().maxInMemory(),
					server.getReactive().getSession().getTimeout(), meters, clock));
			ids.ifAvailable(manager::setSessionIdResolver);
			return manager;
		}

		/** Sessions of this process only: no other replica refreshes their tokens. */
		@Bean
		CurrentSessions currentSessions() {
			return (id) -> Mono.empty();
		}

		// Sessions in Redis with the session index in memory would look right and break back-channel logout.
		@Bean
		static SmartInitializingSingleton noSpringSessionInMemoryMode(ListableBeanFactory beans) {
			return () -> {
				if (beans.getBeanNamesForType(ReactiveSessionRepository.class, false, false).length > 0) {
					throw new IllegalStateException("sesame.store.type=memory but Spring Session is active: add "
							+ "SessionAutoConfiguration and SessionDataRedisAutoConfiguration to "
							+ "spring.autoconfigure.exclude, or set sesame.store.type=redis");
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnStoreType(StoreType.REDIS)
	static class RedisSessions {

		/** Spring Session's default namespace, used when {@code spring.session.data.redis.namespace} is not set. */
		static final String DEFAULT_NAMESPACE = "spring:session";

		@Bean
		ReactiveOidcSessionRegistry oidcSessionRegistry(ObjectProvider<ReactiveStringRedisTemplate> redis,
				StoreProperties store, GatewayProperties properties) {
			return new RedisOidcSessionRegistry(redis(redis), store.keyPrefix(), properties.session().maxLifetime());
		}

		@Bean
		RecentSessions recentSessions(GatewayProperties properties) {
			return new RecentSessions(properties.session().cacheFreshness(), properties.session().cacheSize());
		}

		@Bean
		RedisSessionRepository redisSessionRepository(ObjectProvider<ReactiveStringRedisTemplate> redis,
				ResourceLoader resources, RecentSessions recent, GatewayProperties properties, Environment environment) {
			RedisSerializer<Object> values = new LenientSessionSerializer(resources.getClassLoader());
			// Values as stored: the repository deserializes attributes itself, and compares versions as bytes.
			RedisSerializationContext<String, byte[]> serialization = RedisSerializationContext
				.<String, byte[]>newSerializationContext(RedisSerializer.byteArray())
				.key(RedisSerializer.string())
				.hashKey(RedisSerializer.string())
				.build();
			Duration idleTimeout = idleTimeout(environment);
			Duration touchInterval = properties.session().touchInterval();
			if (touchInterval.multipliedBy(2).compareTo(idleTimeout) > 0) {
				throw new IllegalStateException("sesame.gateway.session.touch-interval (" + touchInterval
						+ ") must be at most half the idle timeout spring.session.timeout (" + idleTimeout
						+ "): a session in use would otherwise expire between two writes");
			}
			ReactiveRedisConnectionFactory connections = redis(redis).getConnectionFactory();
			return new RedisSessionRepository(new ReactiveRedisTemplate<>(connections, serialization), values, recent,
					namespace(environment), idleTimeout, touchInterval);
		}

		@Bean
		SessionConfirmation sessionConfirmation(RedisSessionRepository sessions, GatewayProperties properties) {
			return new SessionConfirmation(sessions, properties.session().cacheFreshness());
		}

		/** Forgets this replica's copy first, so that the session is read from Redis as the other replicas wrote it. */
		@Bean
		CurrentSessions currentSessions(RedisSessionRepository sessions, RecentSessions recent) {
			SpringSessionWebSessionStore<StoredSession> store = new SpringSessionWebSessionStore<>(sessions);
			return (id) -> Mono.defer(() -> {
				recent.evict(id);
				return store.retrieveSession(id);
			});
		}

		@Bean
		SessionChanges sessionChanges(ObjectProvider<ReactiveStringRedisTemplate> redis, RecentSessions recent,
				Environment environment) {
			return new SessionChanges(redis(redis), namespace(environment), recent);
		}

		/**
		 * The gateway's own session manager over {@link RedisSessionRepository} (Spring Session's auto-configuration
		 * stays excluded: its repository reads and writes Redis on every request). The cookie is Spring Boot's
		 * ({@code server.reactive.session.cookie.*}).
		 */
		@Bean(WebHttpHandlerBuilder.WEB_SESSION_MANAGER_BEAN_NAME)
		WebSessionManager webSessionManager(RedisSessionRepository sessions, ObjectProvider<WebSessionIdResolver> ids) {
			DefaultWebSessionManager manager = new DefaultWebSessionManager();
			manager.setSessionStore(new SpringSessionWebSessionStore<>(sessions));
			ids.ifAvailable(manager::setSessionIdResolver);
			return manager;
		}

		@Bean
		static SmartInitializingSingleton onlyTheGatewaySessionRepository(ListableBeanFactory beans) {
			return () -> {
				if (beans.getBeanNamesForType(ReactiveSessionRepository.class, false, false).length != 1) {
					throw new IllegalStateException("sesame.store.type=redis keeps sessions in the gateway's own "
							+ "repository, but Spring Session's auto-configuration is active too: keep "
							+ "SessionAutoConfiguration and SessionDataRedisAutoConfiguration in spring.autoconfigure.exclude");
				}
			};
		}

		/** {@code spring.session.data.redis.namespace}, Spring Boot's key, as before this repository replaced Spring Session's. */
		static String namespace(Environment environment) {
			return environment.getProperty("spring.session.data.redis.namespace", DEFAULT_NAMESPACE);
		}

		/** {@code spring.session.timeout}, else {@code server.reactive.session.timeout}, as Spring Boot reads them. */
		static Duration idleTimeout(Environment environment) {
			Binder binder = Binder.get(environment);
			return binder.bind("spring.session.timeout", Duration.class)
				.orElseGet(() -> binder.bind("server.reactive.session.timeout", Duration.class)
					.orElse(Duration.ofMinutes(30)));
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
