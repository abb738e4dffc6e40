package fr.sesame.auth.startup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Start-up work that the rest of the start-up does not need (key generation, a provider's catalogue, a library's
 * converters) runs on a daemon thread of its own, named for thread dumps, while the main thread builds the context;
 * whoever needs the result waits for it.
 */
public final class OwnThread {

	private OwnThread() {
	}

	/** Runs each task given to it on a new daemon thread called {@code name}. */
	public static Executor named(String name) {
		return (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			thread.start();
		};
	}

	/**
	 * Waits for the work's result.
	 * @throws IllegalStateException with {@code failure} as its message and the work's exception as its cause
	 */
	public static <T> T await(CompletableFuture<T> work, String failure) {
		try {
			return work.join();
		}
		catch (CompletionException ex) {
			throw new IllegalStateException(failure, ex.getCause());
		}
	}

}
