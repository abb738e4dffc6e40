package fr.sesame.auth.key;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * Holds the start-up back until this replica can sign tokens: the signing keys are loaded (created on a first
 * start) and the signer is prepared, both on threads of their own while the rest of the context is built (see
 * {@link SigningKeys}, {@link SigningKeyJwtEncoder}). It runs just before the web server starts listening, so the
 * health endpoint never answers UP, and no request arrives, before a token can be signed; if the keys cannot be
 * loaded the start fails, as it did when they were loaded on the main thread.
 */
public final class SigningReadiness implements SmartLifecycle {

	private final SigningKeys keys;

	private final SigningKeyJwtEncoder encoder;

	private volatile boolean running;

	public SigningReadiness(SigningKeys keys, SigningKeyJwtEncoder encoder) {
		this.keys = keys;
		this.encoder = encoder;
	}

	@Override
	public void start() {
		this.keys.awaitLoaded();
		this.encoder.awaitWarmedUp();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Just before the web server's start, as late as possible: the rest of the start-up overlaps the work. */
	@Override
	public int getPhase() {
		return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
	}

}
