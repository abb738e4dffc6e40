package fr.sesame.directory.event;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-process equivalent of the Redis stream: each event goes to every subscriber on a thread of its own, so
 * that the synchronisation never waits for a revocation, and a subscriber that fails is called again a few times
 * (at least once, as with the stream).
 */
public final class InProcessDirectoryEvents implements DirectoryEvents, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(InProcessDirectoryEvents.class);

	private static final int ATTEMPTS = 5;

	private final List<Consumer<DirectoryEvent>> subscribers = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService delivery = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "sesame-directory-events");
		thread.setDaemon(true);
		return thread;
	});

	public void subscribe(Consumer<DirectoryEvent> subscriber) {
		this.subscribers.add(subscriber);
	}

	@Override
	public void publish(List<DirectoryEvent> events) {
		for (DirectoryEvent event : events) {
			for (Consumer<DirectoryEvent> subscriber : this.subscribers) {
				this.delivery.execute(() -> deliver(subscriber, event, 1));
			}
		}
	}

	private void deliver(Consumer<DirectoryEvent> subscriber, DirectoryEvent event, int attempt) {
		try {
			subscriber.accept(event);
		}
		catch (RuntimeException ex) {
			if (attempt >= ATTEMPTS) {
				logger.error("Directory event not handled after {} attempts: id={} type={} commune={}", attempt,
						event.id(), event.type().label(), event.communeId(), ex);
				return;
			}
			Duration wait = Duration.ofMillis(200L << attempt);
			logger.warn("Directory event handling failed, retrying in {} ms: id={} type={} commune={} error={}",
					wait.toMillis(), event.id(), event.type().label(), event.communeId(), ex.toString());
			this.delivery.schedule(() -> deliver(subscriber, event, attempt + 1), wait.toMillis(),
					TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public void close() {
		this.delivery.shutdown();
	}

}
