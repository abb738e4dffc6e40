package fr.sesame.auth.audit;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import fr.sesame.auth.store.TestRedis;

import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditListener;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code sesame.audit.*}: defaults, every refusal naming its key (never the key), the store each type gets. */
@ExtendWith(OutputCaptureExtension.class)
class AuditConfigurationTest {

	private static final String KEY = Base64.getEncoder().encodeToString(AuditStoreContract.randomKey());

	private TestRedis redis;

	private ApplicationContextRunner runner;

	@BeforeEach
	void prepare() {
		this.redis = new TestRedis();
		this.runner = new ApplicationContextRunner().withUserConfiguration(AuditConfiguration.class)
			.withPropertyValues("sesame.store.key-prefix=" + this.redis.prefix());
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void memoryIsTheDefaultAndNeedsNoKey(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			AuditProperties properties = context.getBean(AuditProperties.class);
			assertThat(properties.retention()).isEqualTo(Duration.ofDays(400));
			assertThat(properties.trimInterval()).isEqualTo(Duration.ofHours(1));
			assertThat(properties.memoryCapacity()).isEqualTo(2_000);
			assertThat(context).getBean(AuditStore.class).isInstanceOf(InMemoryAuditStore.class);
			assertThat(context).getBean(AuditEventRepository.class).isInstanceOf(StoredAuditEvents.class);
			assertThat(context).hasSingleBean(AuditListener.class).hasSingleBean(AuditRetention.class);
			assertThat(context.getBean(AuditRetention.class).isRunning()).isTrue();

			context.getBean(AuditTrail.class).record("agent-1", AuditEventType.MFA_VERIFIED, Map.of("factor", "totp"));
			assertThat(context.getBean(AuditStore.class).find(AuditQuery.newest(10))).singleElement()
				.satisfies((entry) -> assertThat(entry.type()).isEqualTo("MFA_VERIFIED"));
		});
		assertThat(output).contains("sesame.audit.chain-key is not set");
	}

	@Test
	void redisModeWithoutAKeyStopsTheStartNamingTheSetting() {
		redisRunner().run((context) -> assertThat(context).getFailure()
			.hasStackTraceContaining("sesame.store.type=redis needs sesame.audit.chain-key-file"));
	}

	@Test
	void redisModeWithAKeyFileAppendsToTheStreamUnderThePrefix(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("chain-key");
		Files.writeString(file, KEY + "\n");
		redisRunner().withPropertyValues("sesame.audit.chain-key-file=" + file).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(AuditStore.class).isInstanceOf(RedisAuditStore.class);
			context.getBean(AuditTrail.class).record("agent-1", AuditEventType.MFA_VERIFIED, Map.of("factor", "totp"));
			assertThat(this.redis.template().opsForStream().size(this.redis.prefix() + "audit:trail")).isEqualTo(1);
			assertThat(context.getBean(AuditStore.class).verify().ok()).isTrue();
		});
	}

	@Test
	void impossibleSettingsStopTheStartWithTheKeyNameAndNeverTheKey(@TempDir Path directory) throws Exception {
		Path file = directory.resolve("chain-key");
		Files.writeString(file, KEY);
		assertRefused("sesame.audit: set chain-key or chain-key-file, not both", "sesame.audit.chain-key=" + KEY,
				"sesame.audit.chain-key-file=" + file);
		assertRefused("sesame.audit.chain-key must be base64 of at least 32 random bytes",
				"sesame.audit.chain-key=c2hvcnQga2V5");
		assertRefused("sesame.audit.retention must be positive", "sesame.audit.retention=0d");
		assertRefused("sesame.audit.trim-interval must be at least 1s", "sesame.audit.trim-interval=10ms");
		assertRefused("sesame.audit.memory-capacity must be at least 1", "sesame.audit.memory-capacity=0");
		assertRefused("sesame.audit.chain-key-file cannot be read",
				"sesame.audit.chain-key-file=" + directory.resolve("absent"));
		Path shortKey = directory.resolve("short");
		Files.writeString(shortKey, "c2hvcnQga2V5");
		assertRefused("sesame.audit.chain-key-file must hold base64 of at least 32 random bytes",
				"sesame.audit.chain-key-file=" + shortKey);
		this.runner.withPropertyValues("sesame.audit.chain-key=" + KEY, "sesame.audit.chain-key-file=" + file)
			.run((context) -> assertThat(stackTrace(context.getStartupFailure())).doesNotContain(KEY));
	}

	private ApplicationContextRunner redisRunner() {
		return this.runner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("sesame.store.type=redis", "spring.data.redis.host=127.0.0.1");
	}

	private void assertRefused(String message, String... properties) {
		this.runner.withPropertyValues(properties)
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining(message));
	}

	private static String stackTrace(Throwable failure) {
		StringWriter text = new StringWriter();
		failure.printStackTrace(new PrintWriter(text));
		return text.toString();
	}

}
