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

	private final SecretKeySpec key;

	public ClientSecretEncoder(byte[] key) {
		if (key.length < 32) {
			throw new IllegalArgumentException("the client secret hashing key needs at least 256 bits");
		}
		this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
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
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac.doFinal(rawSecret.toString().getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is unavailable", ex);
		}
	}

}
