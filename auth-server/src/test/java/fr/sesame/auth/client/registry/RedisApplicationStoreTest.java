package fr.sesame.auth.client.registry;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.store.TestClock;
import fr.sesame.auth.store.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis store, against the real Redis on 127.0.0.1:6379: the contract, plus what replicas see of each other's
 * changes through their short local copy.
 */
class RedisApplicationStoreTest extends ApplicationStoreContract {

	private static final Duration CACHE_TTL = Duration.ofSeconds(1);

	private final TestRedis redis = new TestRedis();

	private final TestClock clock = TestClock.now();

	@Override
	protected ApplicationStore create() {
		return new RedisApplicationStore(this.redis.template(), this.redis.prefix(), CACHE_TTL, this.clock);
	}

	@AfterEach
	void deleteKeys() {
		this.redis.close();
	}

	@Test
	void anotherReplicasChangeIsSeenWithinTheCacheTime() {
		Application registered = application("portail-rh", "Portail RH", "{hmac-sha256}old");
		this.store.add(registered);
		TestClock otherClock = TestClock.now();
		ApplicationStore otherReplica = new RedisApplicationStore(this.redis.anotherClient(), this.redis.prefix(),
				CACHE_TTL, otherClock);
		assertThat(otherReplica.find("portail-rh")).as("registered elsewhere, read from Redis").contains(registered);

		Application rotated = registered.withSecretHash("{hmac-sha256}new", registered.updatedAt().plusSeconds(1));
		assertThat(this.store.replace(registered, rotated)).isTrue();
		assertThat(this.store.find("portail-rh")).as("at once on the replica that changed it").contains(rotated);
		assertThat(otherReplica.find("portail-rh")).as("the other replica's copy, still fresh").contains(registered);

		otherClock.advance(CACHE_TTL);
		assertThat(otherReplica.find("portail-rh")).as("once its copy is 1 s old").contains(rotated);

		this.store.remove("portail-rh");
		otherClock.advance(CACHE_TTL);
		assertThat(otherReplica.find("portail-rh")).isEmpty();
	}

	@Test
	void clientsAreKeptInOneHashUnderThePrefix() {
		this.store.add(application("portail-rh", "Portail RH", null));

		assertThat(this.redis.keys()).containsExactly(this.redis.prefix() + "client:registered");
	}

}
