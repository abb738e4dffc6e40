package fr.sesame.gateway.ratelimit;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import fr.sesame.gateway.application.GatewayProperties.Bucket;
import fr.sesame.gateway.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas' buckets shared through a real Redis, synced by hand: each admits from its own copy between syncs
 * (the documented overshoot), and after a sync both refuse what the other spent, the excess being owed.
 */
class SharedBucketsTest {

	/** One token a second, bursts of five: refill during a test run is well under a token. */
	private static final Bucket LIMITS = new Bucket(1, 5);

	private static LettuceConnectionFactory connections;

	private static ReactiveStringRedisTemplate redis;

	private final String prefix = "sesame:gateway-test:buckets:" + System.nanoTime() + ":";

	private final TokenBuckets first = new TokenBuckets(Clock.systemUTC(), true);

	private final TokenBuckets second = new TokenBuckets(Clock.systemUTC(), true);

	@BeforeAll
	static void connect() {
		TestRedis.requireAvailable();
		connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 6379));
		connections.afterPropertiesSet();
		connections.start();
		redis = new ReactiveStringRedisTemplate(connections);
	}

	@AfterAll
	static void disconnect() {
		connections.destroy();
	}

	@Test
	void whatOneReplicaSpentIsRefusedOnTheOtherAfterASync() {
		SharedBuckets firstSync = sync(this.first);
		SharedBuckets secondSync = sync(this.second);
		for (int i = 0; i < 5; i++) {
			assertThat(this.first.take("app.agent", "sub-1", LIMITS).allowed()).isTrue();
		}
		assertThat(this.first.take("app.agent", "sub-1", LIMITS).allowed()).as("burst spent here").isFalse();
		// Before any sync the second replica admits from its own full copy: the overshoot.
		assertThat(this.second.take("app.agent", "sub-1", LIMITS).allowed()).isTrue();

		firstSync.sync().block(Duration.ofSeconds(5));
		secondSync.sync().block(Duration.ofSeconds(5));

		Quota refused = this.second.take("app.agent", "sub-1", LIMITS);
		assertThat(refused.allowed()).as("six spent out of five: owed").isFalse();
		assertThat(refused.retryAfterSeconds()).isGreaterThanOrEqualTo(2);
		assertThat(this.first.take("app.agent", "another-agent", LIMITS).allowed()).as("other buckets untouched").isTrue();
	}

	@Test
	void nothingSpentNothingSent() {
		assertThat(this.first.peek("app.agent", "sub-2", LIMITS).allowed()).isTrue();
		sync(this.first).sync().block(Duration.ofSeconds(5));
		assertThat(redis.keys(this.prefix + "*").collectList().block()).isEmpty();
	}

	@Test
	void refusalsGoIntoDebtAndAreShared() {
		for (int i = 0; i < 12; i++) {
			this.first.spend("app.refusals", "198.51.100.9", LIMITS);
		}
		assertThat(this.first.peek("app.refusals", "198.51.100.9", LIMITS).allowed()).isFalse();
		sync(this.first).sync().block(Duration.ofSeconds(5));
		this.second.spend("app.refusals", "198.51.100.9", LIMITS);
		sync(this.second).sync().block(Duration.ofSeconds(5));

		Quota blocked = this.second.peek("app.refusals", "198.51.100.9", LIMITS);
		assertThat(blocked.allowed()).isFalse();
		assertThat(blocked.retryAfterSeconds()).as("owed down to minus the capacity").isBetween(5L, 6L);
	}

	private SharedBuckets sync(TokenBuckets buckets) {
		return new SharedBuckets(buckets, redis, this.prefix, Duration.ofSeconds(10), Clock.systemUTC());
	}

}
