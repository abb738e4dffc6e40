package fr.sesame.directory.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessage;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the directory events stream as one consumer of a consumer group: each event goes to one replica of the
 * group, is handed to the handler, and is acknowledged only once the handler returned (at least once). An event
 * whose handling failed, or whose consumer died before acknowledging it, stays pending and is claimed again after
 * {@code claimAfter} by any consumer of the group. Polls without blocking, on a thread of its own, so that it
 * holds no Redis connection of its own either. As a {@link SmartLifecycle} it stops before the Redis connection
 * factory does.
 */
public final class RedisDirectoryEventStream implements SmartLifecycle, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisDirectoryEventStream.class);

	private static final int BATCH = 50;

	private static final Duration IDLE_POLL = Duration.ofMillis(200);

	private static final Duration CLAIM_EVERY = Duration.ofSeconds(5);

	private final StringRedisTemplate redis;

	private final String key;

	private final String group;

	private final String consumer;

	private final Consumer<DirectoryEvent> handler;

	private final DirectoryEventCodec codec;

	private final Duration claimAfter;

	private volatile boolean running;

	private Thread thread;

	private long nextClaim;

	public RedisDirectoryEventStream(StringRedisTemplate redis, String keyPrefix, String group, String consumer,
			Consumer<DirectoryEvent> handler, JsonMapper json, Duration claimAfter) {
		this.redis = redis;
		this.key = RedisDirectoryEvents.streamKey(keyPrefix);
		this.group = group;
		this.consumer = consumer;
		this.handler = handler;
		this.codec = new DirectoryEventCodec(json);
		this.claimAfter = claimAfter;
	}

	/**
	 * Creates the consumer group if it does not exist yet, reading what is published from then on. Call it before
	 * anything may publish (the in-process synchronisation starts with the application's lifecycle).
	 */
	public void createGroup() {
		try {
			this.redis.opsForStream().createGroup(this.key, ReadOffset.latest(), this.group);
		}
		catch (RuntimeException ex) {
			if (!String.valueOf(rootMessage(ex)).contains("BUSYGROUP")) {
				throw ex;
			}
		}
	}

	/** Creates the group if needed and starts polling. */
	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		createGroup();
		this.running = true;
		this.thread = new Thread(this::run, "sesame-directory-events-" + this.group);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Claims stale events, then reads and handles new ones; how many were handled. For tests and the loop. */
	public int pollOnce() {
		int handled = 0;
		long now = System.nanoTime();
		if (now - this.nextClaim >= 0) {
			this.nextClaim = now + Math.min(CLAIM_EVERY.toNanos(), this.claimAfter.toNanos());
			handled += handle(claimStale());
		}
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.read(org.springframework.data.redis.connection.stream.Consumer.from(this.group, this.consumer),
					StreamReadOptions.empty().count(BATCH), StreamOffset.create(this.key, ReadOffset.lastConsumed()));
		return handled + handle((records != null) ? records : List.of());
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void stop() {
		close();
	}

	@Override
	public synchronized void close() {
		this.running = false;
		if (this.thread != null) {
			this.thread.interrupt();
			try {
				this.thread.join(Duration.ofSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void run() {
		long failures = 0;
		while (this.running) {
			try {
				if (pollOnce() == 0) {
					Thread.sleep(IDLE_POLL.toMillis());
				}
				failures = 0;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				// Redis unreachable: wait longer each time, up to 10 s, without flooding the log.
				failures++;
				if (failures == 1 || failures % 30 == 0) {
					logger.warn("Directory events: reading the stream failed ({} in a row): {}", failures,
							ex.toString());
				}
				try {
					Thread.sleep(Math.min(10_000, 200L * failures));
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	private List<MapRecord<String, Object, Object>> claimStale() {
		PendingMessages pending = this.redis.opsForStream()
			.pending(this.key, this.group, Range.unbounded(), BATCH, this.claimAfter);
		if (pending == null || pending.isEmpty()) {
			return List.of();
		}
		List<RecordId> ids = new ArrayList<>();
		for (PendingMessage message : pending) {
			ids.add(message.getId());
		}
		List<MapRecord<String, Object, Object>> claimed = this.redis.opsForStream()
			.claim(this.key, this.group, this.consumer, this.claimAfter, ids.toArray(RecordId[]::new));
		if (!claimed.isEmpty()) {
			logger.info("Directory events: claimed {} event(s) left unacknowledged for over {}s", claimed.size(),
					this.claimAfter.toSeconds());
		}
		return claimed;
	}

	private int handle(List<MapRecord<String, Object, Object>> records) {
		int handled = 0;
		for (MapRecord<String, Object, Object> record : records) {
			DirectoryEvent event;
			try {
				event = this.codec.decode(record.getValue());
			}
			catch (IllegalArgumentException malformed) {
				// Retrying cannot fix it: acknowledge, so that it never blocks the events behind it.
				logger.error("Directory events: dropping malformed entry {}: {}", record.getId(),
						malformed.getMessage());
				this.redis.opsForStream().acknowledge(this.key, this.group, record.getId());
				continue;
			}
			try {
				this.handler.accept(event);
			}
			catch (RuntimeException ex) {
				logger.warn("Directory events: handling failed, left pending for a retry: id={} type={} commune={} "
						+ "error={}", event.id(), event.type().label(), event.communeId(), ex.toString());
				continue;
			}
			this.redis.opsForStream().acknowledge(this.key, this.group, record.getId());
			handled++;
		}
		return handled;
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return ex.getMessage() + " / " + cause.getMessage();
	}

}
