package fr.sesame.auth.mfa.totp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** RFC 6238 with RFC 4226 dynamic truncation. */
public final class Totp {

	private static final int[] POWERS_OF_TEN = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
			100_000_000 };

	/** Beyond this many steps either side, a "window" accepts codes minutes old: a configuration mistake. */
	private static final int MAX_WINDOW = 10;

	private final Algorithm algorithm;

	private final int digits;

	private final long stepMillis;

	/**
	 * @param algorithm the HMAC of RFC 6238 section 1.2
	 * @param digits 6 to 8
	 * @param step the time step X of RFC 6238, at least one second (T0 is the Unix epoch)
	 */
	public Totp(Algorithm algorithm, int digits, Duration step) {
		if (algorithm == null) {
			throw new IllegalArgumentException("A TOTP algorithm is required");
		}
		if (digits < 6 || digits > 8) {
			throw new IllegalArgumentException("TOTP codes have 6 to 8 digits, not " + digits);
		}
		if (step == null || step.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("The TOTP step must be at least one second");
		}
		this.algorithm = algorithm;
		this.digits = digits;
		this.stepMillis = step.toMillis();
	}

	public Algorithm algorithm() {
		return this.algorithm;
	}

	public int digits() {
		return this.digits;
	}

	public Duration step() {
		return Duration.ofMillis(this.stepMillis);
	}

	/** The code of a time step (an RFC 4226 HOTP value with the step as counter), zero-padded to the digits. */
	public String code(byte[] secret, long step) {
		byte[] hash = hmac(secret, ByteBuffer.allocate(Long.BYTES).putLong(step).array());
		int offset = hash[hash.length - 1] & 0x0f;
		int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
				| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
		String code = Integer.toString(binary % POWERS_OF_TEN[this.digits]);
		return "0".repeat(this.digits - code.length()) + code;
	}

	public long stepAt(Instant instant) {
		return Math.floorDiv(instant.toEpochMilli(), this.stepMillis);
	}

	/**
	 * The step in [current-window, current+window] whose code equals {@code code} (constant-time comparison), or
	 * empty. Every step of the window is computed and compared whatever matches, so the time taken tells nothing
	 * about the code. Should two steps of the window share the code, the latest one is returned, which a replay
	 * check against the last used step refuses least often.
	 */
	public OptionalLong matchingStep(byte[] secret, String code, Instant now, int window) {
		if (window < 0 || window > MAX_WINDOW) {
			throw new IllegalArgumentException("The TOTP window must be between 0 and " + MAX_WINDOW);
		}
		boolean wellFormed = code != null && code.length() == this.digits && code.chars().allMatch(Totp::isDigit);
		byte[] typed = wellFormed ? code.getBytes(StandardCharsets.US_ASCII) : new byte[this.digits];
		long current = stepAt(now);
		long matching = -1;
		for (long step = Math.max(0, current - window); step <= current + window; step++) {
			if (MessageDigest.isEqual(code(secret, step).getBytes(StandardCharsets.US_ASCII), typed)) {
				matching = step;
			}
		}
		return (wellFormed && matching >= 0) ? OptionalLong.of(matching) : OptionalLong.empty();
	}

	private static boolean isDigit(int c) {
		return c >= '0' && c <= '9';
	}

	private byte[] hmac(byte[] secret, byte[] message) {
		try {
			Mac mac = Mac.getInstance(this.algorithm.macName);
			mac.init(new SecretKeySpec(secret, this.algorithm.macName));
			return mac.doFinal(message);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has " + this.algorithm.macName, ex);
		}
	}

	/** The HMACs of RFC 6238; the names are those of the otpauth URI's {@code algorithm} parameter. */
	public enum Algorithm {

		SHA1("HmacSHA1"),

		SHA256("HmacSHA256"),

		SHA512("HmacSHA512");

		private final String macName;

		Algorithm(String macName) {
			this.macName = macName;
		}

	}

}
