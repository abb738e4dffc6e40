package fr.sesame.directory.embedded;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A {@link MessageDigest} that hashes with one instance per thread. UnboundID's
 * {@code SaltedMessageDigestInMemoryPasswordEncoder} (7.0.5) calls {@code digest(byte[])} on the single instance it
 * is given, from every connection thread at once: concurrent binds then corrupt each other's hashes and a right
 * password is refused now and then (about 1 bind in 200 at 8 threads). Each call of the encoder is an update then a
 * digest on the same thread, so a per-thread delegate makes it safe.
 */
final class PerThreadMessageDigest extends MessageDigest {

	private final ThreadLocal<MessageDigest> delegate;

	private final int length;

	PerThreadMessageDigest(String algorithm) throws NoSuchAlgorithmException {
		super(algorithm);
		this.length = MessageDigest.getInstance(algorithm).getDigestLength();
		this.delegate = ThreadLocal.withInitial(() -> {
			try {
				return MessageDigest.getInstance(algorithm);
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	@Override
	protected int engineGetDigestLength() {
		return this.length;
	}

	@Override
	protected void engineUpdate(byte input) {
		this.delegate.get().update(input);
	}

	@Override
	protected void engineUpdate(byte[] input, int offset, int length) {
		this.delegate.get().update(input, offset, length);
	}

	@Override
	protected byte[] engineDigest() {
		return this.delegate.get().digest();
	}

	@Override
	protected void engineReset() {
		this.delegate.get().reset();
	}

}
