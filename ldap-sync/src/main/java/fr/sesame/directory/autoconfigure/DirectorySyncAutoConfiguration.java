package fr.sesame.directory.autoconfigure;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.json.JsonMapper;

import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.commune.DirectoryProperties;
import fr.sesame.directory.connector.UnboundIdDirectoryConnector;
import fr.sesame.directory.event.DirectoryEvents;
import fr.sesame.directory.event.InProcessDirectoryEvents;
import fr.sesame.directory.event.RedisDirectoryEvents;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.index.InMemoryDirectoryIndex;
import fr.sesame.directory.index.RedisDirectoryIndex;
import fr.sesame.directory.sync.CommuneLeases;
import fr.sesame.directory.sync.DirectorySync;
import fr.sesame.directory.sync.DirectorySyncEndpoint;
import fr.sesame.directory.sync.DirectorySyncHealthIndicator;
import fr.sesame.directory.sync.DirectorySyncProperties;
import fr.sesame.directory.sync.InMemorySyncBoard;
import fr.sesame.directory.sync.LocalCommuneLeases;
import fr.sesame.directory.sync.RedisCommuneLeases;
import fr.sesame.directory.sync.RedisSyncBoard;
import fr.sesame.directory.sync.SyncBoard;

/**
 * The directory index, the change events and, when {@code sesame.directory.sync.enabled}, the synchronisation that
 * feeds them. State follows {@code sesame.store.type}, shared with auth-server: {@code memory} (default; one
 * process, the demo) or {@code redis} (keys under {@code sesame.store.key-prefix}, default {@code sesame:}).
 */
@AutoConfiguration(after = CommuneDirectoriesAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@Conditional(OnCommunesConfiguredCondition.class)
@EnableConfigurationProperties(DirectorySyncProperties.class)
public final class DirectorySyncAutoConfiguration {

	static final String STORE_TYPE = "sesame.store.type";

	/** The stored format is ours: the application's JSON customisations must not change it. */
	static JsonMapper json() {
		return JsonMapper.builder().build();
	}

	static String keyPrefix(Environment environment) {
		return environment.getProperty("sesame.store.key-prefix", "sesame:");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE_TYPE, havingValue = "memory", matchIfMissing = true)
	static class InMemoryState {

		@Bean
		@ConditionalOnMissingBean
		DirectoryIndex directoryIndex() {
			return new InMemoryDirectoryIndex();
		}

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean
		InProcessDirectoryEvents directoryEvents() {
			return new InProcessDirectoryEvents();
		}

		@Bean
		@ConditionalOnMissingBean
		SyncBoard syncBoard() {
			return new InMemorySyncBoard();
		}

		@Bean
		@ConditionalOnMissingBean
		CommuneLeases communeLeases(DirectorySyncProperties settings) {
			return new LocalCommuneLeases(replicaName(settings));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE_TYPE, havingValue = "redis")
	static class RedisState {

		@Bean
		@ConditionalOnMissingBean
		DirectoryIndex directoryIndex(ObjectProvider<StringRedisTemplate> redis, Environment environment) {
			return new RedisDirectoryIndex(redis(redis), keyPrefix(environment), json());
		}

		@Bean
		@ConditionalOnMissingBean
		DirectoryEvents directoryEvents(ObjectProvider<StringRedisTemplate> redis, Environment environment) {
			return new RedisDirectoryEvents(redis(redis), keyPrefix(environment), json());
		}

		@Bean
		@ConditionalOnMissingBean
		SyncBoard syncBoard(ObjectProvider<StringRedisTemplate> redis, Environment environment,
				DirectorySyncProperties settings) {
			// A status outlives its owner by a few leases at most: a dead replica's status fades away.
			return new RedisSyncBoard(redis(redis), keyPrefix(environment), json(), settings.lease().multipliedBy(3));
		}

		@Bean
		@ConditionalOnMissingBean
		CommuneLeases communeLeases(ObjectProvider<StringRedisTemplate> redis, Environment environment,
				DirectorySyncProperties settings) {
			return new RedisCommuneLeases(redis(redis), keyPrefix(environment), replicaName(settings),
					settings.lease());
		}

		private static StringRedisTemplate redis(ObjectProvider<StringRedisTemplate> redis) {
			StringRedisTemplate template = redis.getIfAvailable();
			if (template == null) {
				throw new IllegalStateException(STORE_TYPE + "=redis needs Spring Boot's Redis auto-configuration "
						+ "(spring.data.redis.*): remove DataRedisAutoConfiguration from spring.autoconfigure.exclude");
			}
			return template;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("sesame.directory.sync.enabled")
	static class Synchronisation {

		@Bean
		@ConditionalOnMissingBean
		DirectorySync directorySync(DirectoryProperties properties, CommuneDirectories directories,
				DirectoryIndex index, DirectoryEvents events, CommuneLeases leases, SyncBoard board,
				DirectorySyncProperties settings, ObjectProvider<MeterRegistry> registry, ObjectProvider<Clock> clock) {
			Map<CommuneDirectoryProperties, UnboundIdDirectoryConnector> communes = new LinkedHashMap<>();
			for (CommuneDirectoryProperties commune : properties.communes()) {
				directories.connector(commune.id())
					.filter(UnboundIdDirectoryConnector.class::isInstance)
					.map(UnboundIdDirectoryConnector.class::cast)
					.ifPresent((connector) -> communes.put(commune, connector));
			}
			return DirectorySync.create(communes, index, events, leases, board, settings, registry.getIfAvailable(),
					clock.getIfUnique(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnAvailableEndpoint
		@ConditionalOnMissingBean
		DirectorySyncEndpoint directorySyncEndpoint(DirectorySync sync, SyncBoard board) {
			return new DirectorySyncEndpoint(sync, board);
		}

		/** {@code /actuator/health/directorySync/<commune id>}, one indicator per commune. */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(HealthContributor.class)
		@ConditionalOnEnabledHealthIndicator("directory-sync")
		static class DirectorySyncHealthConfiguration {

			@Bean
			@ConditionalOnMissingBean(name = "directorySyncHealthContributor")
			CompositeHealthContributor directorySyncHealthContributor(DirectorySync sync, SyncBoard board,
					ObjectProvider<Clock> clock) {
				return DirectorySyncHealthIndicator.perCommune(sync, board, clock.getIfUnique(Clock::systemUTC));
			}

		}

	}

	/** The configured name, else the host name with a random suffix (two processes on one host stay apart). */
	static String replicaName(DirectorySyncProperties settings) {
		if (settings.replicaName() != null && !settings.replicaName().isBlank()) {
			return settings.replicaName();
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "replica";
		}
		return host + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
