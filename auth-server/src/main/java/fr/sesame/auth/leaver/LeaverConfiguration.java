package fr.sesame.auth.leaver;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;

import tools.jackson.databind.json.JsonMapper;

import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.logout.SessionEnd;
import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;
import fr.sesame.directory.event.InProcessDirectoryEvents;
import fr.sesame.directory.event.RedisDirectoryEventStream;

/**
 * Connects the directory events to {@link LeaverRevocation}: in memory mode, the synchronisation runs in this
 * process and hands events over directly; in Redis mode, this replica reads the events stream as a member of the
 * auth-server consumer group, wherever the synchronisation runs.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeaverProperties.class)
class LeaverConfiguration {

	@Bean
	LeaverRevocation leaverRevocation(SessionEnd sessionEnd, AgentHttpSessions httpSessions, MeterRegistry meters,
			AuditTrail audit) {
		return new LeaverRevocation(sessionEnd, httpSessions, meters, audit);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnStoreType(StoreType.MEMORY)
	static class InProcess {

		// Registered with the servlet container by Spring Boot, as an HttpSessionListener bean.
		@Bean
		ServletAgentHttpSessions agentHttpSessions(SessionRegistry registry) {
			return new ServletAgentHttpSessions(registry);
		}

		@Bean
		SmartInitializingSingleton leaverSubscription(InProcessDirectoryEvents events, LeaverRevocation revocation) {
			return () -> events.subscribe(revocation);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnStoreType(StoreType.REDIS)
	static class FromRedis {

		@Bean
		<S extends Session> AgentHttpSessions agentHttpSessions(FindByIndexNameSessionRepository<S> sessions) {
			return new SpringSessionAgentHttpSessions<>(sessions);
		}

		// The group is created while the context is built, so that it exists before any synchronisation publishes;
		// polling starts and stops with the application's lifecycle, before the Redis connections close.
		@Bean(initMethod = "createGroup")
		RedisDirectoryEventStream directoryEventStream(StringRedisTemplate redis, StoreProperties store,
				LeaverProperties properties, LeaverRevocation revocation) {
			return new RedisDirectoryEventStream(redis, store.keyPrefix(), properties.consumerGroup(), consumerName(),
					revocation, JsonMapper.builder().build(), properties.claimAfter());
		}

		private static String consumerName() {
			String host;
			try {
				host = InetAddress.getLocalHost().getHostName();
			}
			catch (UnknownHostException ex) {
				host = "auth-server";
			}
			return host + "-" + UUID.randomUUID().toString().substring(0, 8);
		}

	}

}
