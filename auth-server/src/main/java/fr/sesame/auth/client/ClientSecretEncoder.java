package fr.sesame.auth.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Hashes client secrets with HMAC-SHA-256 under a server key. Client secrets are random, high-entropy values: a
 * password hash's work factor would protect nothing and would cap every token request at a few dozen per second,
 * whereas a keyed hash keeps a stolen store useless without the key. Compared in constant time.
 */
public final class ClientSecretEncoder implements PasswordEncoder {

	private static final String PREFIX = "{hmac-sha256}";

	/** Initialised once with the key; each hash works on a clone (no provider lookup, no key set-up per request). */
	private final Mac prototype;

	public ClientSecretEncoder(byte[] key) {
		if (key.length < 32) {
			throw new IllegalArgumentException("the client secret hashing key needs at least 256 bits");
		}
		try {
			this.prototype = Mac.getInstance("HmacSHA256");
			this.prototype.init(new SecretKeySpec(key.clone(), "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is unavailable", ex);
		}
	}

	@Override
	public String encode(CharSequence rawSecret) {
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(rawSecret));
	}

	@Override
	public boolean matches(CharSequence rawSecret, String encodedSecret) {
		if (rawSecret == null || encodedSecret == null || !encodedSecret.startsWith(PREFIX)) {
			return false;
		}
		byte[] expected;
		try {
			expected = Base64.getUrlDecoder().decode(encodedSecret.substring(PREFIX.length()));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return MessageDigest.isEqual(expected, mac(rawSecret));
	}

	private byte[] mac(CharSequence rawSecret) {
		try {
			Mac mac = (Mac) this.prototype.clone();
			return mac.doFinal(rawSecret.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException("HmacSHA256 cannot be cloned", ex);
		}
	}

}
