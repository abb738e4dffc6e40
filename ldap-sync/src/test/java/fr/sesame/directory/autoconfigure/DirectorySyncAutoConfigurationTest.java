package fr.sesame.directory.autoconfigure;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import fr.sesame.directory.event.DirectoryEvents;
import fr.sesame.directory.event.InProcessDirectoryEvents;
import fr.sesame.directory.event.RedisDirectoryEvents;
import fr.sesame.directory.index.DirectoryIndex;
import fr.sesame.directory.index.InMemoryDirectoryIndex;
import fr.sesame.directory.index.RedisDirectoryIndex;
import fr.sesame.directory.sync.DirectorySync;
import fr.sesame.directory.sync.DirectorySyncEndpoint;
import fr.sesame.directory.sync.RedisCommuneLeases;
import fr.sesame.directory.sync.SyncState;
import fr.sesame.directory.support.DemoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DirectorySyncAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CommuneDirectoriesAutoConfiguration.class,
				DirectorySyncAutoConfiguration.class))
		.withInitializer(new DemoConfiguration());

	/** demo-communes.yml turns the synchronisation on. */
	@Test
	void demoSynchronisesBothCommunesInMemory() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=directorysync")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(DirectorySync.class)
					.hasSingleBean(DirectorySyncEndpoint.class)
					.hasBean("directorySyncHealthContributor");
				assertThat(context.getBean(DirectoryIndex.class)).isInstanceOf(InMemoryDirectoryIndex.class);
				assertThat(context.getBean(DirectoryEvents.class)).isInstanceOf(InProcessDirectoryEvents.class);
				DirectorySync sync = context.getBean(DirectorySync.class);
				await().atMost(Duration.ofSeconds(20))
					.until(() -> sync.communes().values().stream().allMatch((c) -> c.status().state() == SyncState.UP));
				DirectoryIndex index = context.getBean(DirectoryIndex.class);
				assertThat(index.state("rivebelle").orElseThrow().agents()).isEqualTo(247);
				assertThat(index.state("montclair").orElseThrow().agents()).isEqualTo(247);
				assertThat(sync.status("rivebelle").orElseThrow().strategy()).isEqualTo("modify-timestamp");
				assertThat(sync.status("montclair").orElseThrow().strategy()).as("the demo domain holds a tombstone")
					.isEqualTo("usn");
				assertThat(context.getBean(MeterRegistry.class).get("sesame.directory.sync.agents")
					.tag("commune", "montclair")
					.gauge()
					.value()).isEqualTo(247);
			});
	}

	@Test
	void withoutSynchronisationTheIndexIsStillThereToRead() {
		this.runner.withPropertyValues("sesame.directory.sync.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(DirectorySync.class);
			assertThat(context).hasSingleBean(DirectoryIndex.class);
		});
	}

	@Test
	void redisStoreTypeKeepsEverythingInRedis() {
		this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("sesame.store.type=redis", "sesame.store.key-prefix=sesame-test-autoconfig:")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(DirectoryIndex.class)).isInstanceOf(RedisDirectoryIndex.class);
				assertThat(context.getBean(DirectoryEvents.class)).isInstanceOf(RedisDirectoryEvents.class);
				assertThat(context).hasSingleBean(RedisCommuneLeases.class);
			});
	}

	@Test
	void redisStoreTypeWithoutRedisFailsWithTheReason() {
		this.runner.withPropertyValues("sesame.store.type=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sesame.store.type=redis needs");
		});
	}

}
