package fr.sesame.directory.event;

import java.util.List;

/**
 * Where the synchronisation publishes agents' changes of standing: a Redis stream that auth-server consumes
 * ({@link RedisDirectoryEvents}), or the process itself in the single-process demo
 * ({@link InProcessDirectoryEvents}).
 */
public interface DirectoryEvents {

	/**
	 * Publishes the events durably before returning (the Redis stream), or hands them to in-process subscribers. The
	 * synchronisation publishes before it updates the index, so that a crash in between repeats the event rather
	 * than losing it.
	 */
	void publish(List<DirectoryEvent> events);

}
