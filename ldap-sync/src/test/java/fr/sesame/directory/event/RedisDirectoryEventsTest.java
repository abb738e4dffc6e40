package fr.sesame.directory.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import fr.sesame.directory.support.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The events stream as auth-server consumes it: each event reaches one consumer of the group, is acknowledged only
 * once handled, and one whose handling failed (or whose consumer died) is delivered again.
 */
class RedisDirectoryEventsTest {

	private final TestRedis redis = new TestRedis();

	private final JsonMapper json = JsonMapper.builder().build();

	private final RedisDirectoryEvents publisher = new RedisDirectoryEvents(this.redis.template(), this.redis.prefix(),
			this.json);

	@AfterEach
	void clean() {
		this.redis.close();
	}

	private RedisDirectoryEventStream consumer(String name, java.util.function.Consumer<DirectoryEvent> handler,
			Duration claimAfter) {
		return new RedisDirectoryEventStream(this.redis.template(), this.redis.prefix(), "auth-server", name, handler,
				this.json, claimAfter);
	}

	@Test
	void eachEventReachesOneConsumerOfTheGroupWithEverything() {
		List<DirectoryEvent> first = new CopyOnWriteArrayList<>();
		List<DirectoryEvent> second = new CopyOnWriteArrayList<>();
		try (RedisDirectoryEventStream a = consumer("a", first::add, Duration.ofSeconds(30));
				RedisDirectoryEventStream b = consumer("b", second::add, Duration.ofSeconds(30))) {
			a.start();
			b.start();
			DirectoryEvent disabled = DirectoryEvent.of(DirectoryEventType.DISABLED, "rivebelle", "u-1",
					Instant.parse("2026-03-01T08:00:00Z"));
			DirectoryEvent roles = DirectoryEvent.rolesRevoked("montclair", "u-2", Instant.parse("2026-03-01T08:00:01Z"),
					Map.of("demo-portal", List.of("officier-etat-civil")));
			this.publisher.publish(List.of(disabled, roles));

			await().atMost(Duration.ofSeconds(5)).until(() -> first.size() + second.size() == 2);
			assertThat(concat(first, second)).containsExactlyInAnyOrder(disabled, roles);
			assertThat(this.redis.template().opsForStream().pending(streamKey(), "auth-server").getTotalPendingMessages())
				.isZero();
		}
	}

	@Test
	void failedHandlingIsDeliveredAgainAfterTheClaimDelay() {
		AtomicInteger attempts = new AtomicInteger();
		List<DirectoryEvent> handled = new CopyOnWriteArrayList<>();
		try (RedisDirectoryEventStream consumer = consumer("flaky", (event) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("store down");
			}
			handled.add(event);
		}, Duration.ofMillis(200))) {
			consumer.start();
			this.publisher.publish(List.of(DirectoryEvent.of(DirectoryEventType.DELETED, "rivebelle", "u-3",
					Instant.now())));

			await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 1);
			assertThat(attempts.get()).isEqualTo(2);
		}
	}

	@Test
	void anEventLeftByADeadConsumerIsTakenOver() {
		// A consumer reads the event and dies before acknowledging it.
		try (RedisDirectoryEventStream dead = consumer("dead", (event) -> {
			throw new IllegalStateException("killed");
		}, Duration.ofSeconds(30))) {
			dead.start();
			this.publisher.publish(List.of(DirectoryEvent.of(DirectoryEventType.OUT_OF_SCOPE, "rivebelle", "u-4",
					Instant.now())));
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.redis.template().opsForStream().pending(streamKey(), "auth-server")
					.getTotalPendingMessages() == 1);
		}
		List<DirectoryEvent> handled = new CopyOnWriteArrayList<>();
		try (RedisDirectoryEventStream survivor = consumer("survivor", handled::add, Duration.ofMillis(100))) {
			survivor.start();
			await().atMost(Duration.ofSeconds(15)).until(() -> handled.size() == 1);
			assertThat(handled.get(0).uniqueId()).isEqualTo("u-4");
		}
	}

	@Test
	void malformedEntriesAreDroppedWithoutBlockingTheOthers() {
		List<DirectoryEvent> handled = new CopyOnWriteArrayList<>();
		try (RedisDirectoryEventStream consumer = consumer("c", handled::add, Duration.ofSeconds(30))) {
			consumer.start();
			this.redis.template().opsForStream().add(streamKey(), Map.of("type", "nonsense"));
			this.publisher.publish(List.of(DirectoryEvent.of(DirectoryEventType.DISABLED, "rivebelle", "u-5",
					Instant.now())));
			await().atMost(Duration.ofSeconds(5)).until(() -> handled.size() == 1);
		}
	}

	private String streamKey() {
		return RedisDirectoryEvents.streamKey(this.redis.prefix());
	}

	private static List<DirectoryEvent> concat(List<DirectoryEvent> a, List<DirectoryEvent> b) {
		List<DirectoryEvent> all = new java.util.ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
