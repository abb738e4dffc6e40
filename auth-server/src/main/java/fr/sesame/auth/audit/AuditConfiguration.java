package fr.sesame.auth.audit;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditListener;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.store.ConditionalOnStoreType;
import fr.sesame.auth.store.StoreConfiguration;
import fr.sesame.auth.store.StoreProperties;
import fr.sesame.auth.store.StoreType;
import fr.sesame.directory.agent.Agent;

/**
 * The audit trail: {@link AuditTrail} for the code that records events, the chained store per
 * {@code sesame.store.type} under the key of {@code sesame.audit.chain-key}, Boot's audit event repository on top of
 * it, and retention.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ AuditProperties.class, StoreProperties.class })
class AuditConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(AuditConfiguration.class);

	@Bean
	AuditTrail auditTrail(ApplicationEventPublisher events) {
		return new AuditTrail(events);
	}

	@Bean
	@ConditionalOnStoreType(StoreType.MEMORY)
	AuditStore inMemoryAuditStore(AuditProperties properties) {
		AuditChain chain;
		if (properties.hasChainKey()) {
			chain = AuditChain.from(properties);
		}
		else {
			logger.info("sesame.audit.chain-key is not set: the in-memory audit trail is chained with a random key, "
					+ "which lives as long as the trail (this process)");
			chain = AuditChain.ephemeral();
		}
		return new InMemoryAuditStore(chain, properties.memoryCapacity());
	}

	@Bean
	@ConditionalOnStoreType(StoreType.REDIS)
	AuditStore redisAuditStore(ObjectProvider<StringRedisTemplate> redis, StoreProperties store,
			AuditProperties properties) {
		// Without a key shared by the replicas, the chain could not be checked after a restart or across replicas;
		// an unkeyed hash could be recomputed by whoever rewrites an entry in Redis. Refuse to start instead.
		if (!properties.hasChainKey()) {
			throw new IllegalStateException("sesame.store.type=redis needs sesame.audit.chain-key-file (or "
					+ "sesame.audit.chain-key), the key of the audit trail's hash chain, the same on every replica: "
					+ "a file holding `openssl rand -base64 32`");
		}
		StringRedisTemplate template = StoreConfiguration.redis(redis, "the audit trail");
		return new RedisAuditStore(template, store.keyPrefix(), AuditChain.from(properties));
	}

	@Bean
	AuditEventRepository auditEventRepository(AuditStore store, ObjectProvider<SignedInAgents> agents) {
		SignedInAgents signedIn = agents.getIfAvailable();
		Function<String, Optional<String>> communeOfAgent = (signedIn != null)
				? (sub) -> signedIn.find(sub).map(Agent::communeId) : (sub) -> Optional.empty();
		return new StoredAuditEvents(store, communeOfAgent, new AuditLogLine());
	}

	// Ours rather than Boot's, which management.auditevents.enabled=false would remove, silently ending the trail.
	@Bean
	AuditListener auditListener(AuditEventRepository repository) {
		return new AuditListener(repository);
	}

	@Bean
	AuditRetention auditRetention(AuditStore store, AuditProperties properties, ObjectProvider<Clock> clock) {
		return new AuditRetention(store, properties.retention(), properties.trimInterval(),
				clock.getIfUnique(Clock::systemUTC));
	}

}
