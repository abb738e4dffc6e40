package fr.sesame.auth.store;

import java.io.IOException;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

import fr.sesame.directory.support.LoopbackPorts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redis's {@code maxmemory-policy} read at start-up: the shared test Redis (Redis's default, noeviction) passes, and
 * Redis servers of the test's own, started with an evicting policy, get a warning ({@code volatile-lru}) or a refused
 * start ({@code allkeys-lru}).
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisEvictionPolicyTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withUserConfiguration(EvictionPolicyCheck.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1");

	@Test
	void noevictionPassesInSilence(CapturedOutput output) {
		this.runner.withPropertyValues("spring.data.redis.port=6379")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("maxmemory-policy");
	}

	@Test
	void aVolatilePolicyGetsAWarning(CapturedOutput output) throws Exception {
		int port = LoopbackPorts.free();
		Process redis = redisServer(port, "volatile-lru");
		try {
			this.runner.withPropertyValues("spring.data.redis.port=" + port)
				.run((context) -> assertThat(context).hasNotFailed());
			assertThat(output).contains("Redis's maxmemory-policy is volatile-lru").contains("noeviction");
		}
		finally {
			redis.destroy();
		}
	}

	@Test
	void anAllkeysPolicyStopsTheStart() throws Exception {
		int port = LoopbackPorts.free();
		Process redis = redisServer(port, "allkeys-lru");
		try {
			this.runner.withPropertyValues("spring.data.redis.port=" + port)
				.run((context) -> assertThat(context).getFailure()
					.hasStackTraceContaining("Redis's maxmemory-policy is allkeys-lru")
					.hasStackTraceContaining("Set maxmemory-policy noeviction"));
		}
		finally {
			redis.destroy();
		}
	}

	private static Process redisServer(int port, String policy) throws Exception {
		Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--maxmemory-policy", policy)
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		for (int i = 0; i < 100; i++) {
			try (Socket ignored = new Socket("127.0.0.1", port)) {
				return redis;
			}
			catch (IOException notYet) {
				Thread.sleep(50);
			}
		}
		redis.destroy();
		throw new AssertionError("redis-server did not start on 127.0.0.1:" + port);
	}

	@Configuration(proxyBeanMethods = false)
	static class EvictionPolicyCheck {

		@Bean
		RedisEvictionPolicy redisEvictionPolicy(StringRedisTemplate redis) {
			return new RedisEvictionPolicy(redis);
		}

	}

}
