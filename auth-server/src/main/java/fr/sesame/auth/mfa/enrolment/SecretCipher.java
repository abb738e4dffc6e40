package fr.sesame.auth.mfa.enrolment;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import fr.sesame.auth.mfa.MfaProperties;
import fr.sesame.auth.mfa.MfaProperties.EncryptionKey;

/**
 * Seals second-factor secrets before they are stored: AES-256-GCM, a fresh 96-bit nonce per value, the agent's
 * {@code sub} as associated data so that a value copied to another agent's record does not open. A sealed value is
 * {@code <key id>:<base64(nonce || ciphertext || tag)>}: the active key seals, every listed key opens what it sealed,
 * so keys rotate without re-encrypting anything at once.
 */
public final class SecretCipher {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final int KEY_BYTES = 32;

	private static final String EPHEMERAL_ID = "ephemeral";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Map<String, SecretKey> keys;

	private final String activeId;

	private SecretCipher(Map<String, SecretKey> keys, String activeId) {
		if (!keys.containsKey(activeId)) {
			throw new IllegalArgumentException("sesame.mfa.active-encryption-key " + activeId
					+ " is not one of sesame.mfa.encryption-keys");
		}
		this.keys = Collections.unmodifiableMap(keys);
		this.activeId = activeId;
	}

	/**
	 * @param keys raw 256-bit keys by id, in any order
	 * @param activeId the one that seals
	 */
	public static SecretCipher of(Map<String, byte[]> keys, String activeId) {
		Map<String, SecretKey> specs = new LinkedHashMap<>();
		keys.forEach((id, raw) -> {
			if (raw.length != KEY_BYTES) {
				throw new IllegalArgumentException(
						"sesame.mfa.encryption-keys: key " + id + " must be 32 bytes, not " + raw.length);
			}
			specs.put(id, new SecretKeySpec(raw, "AES"));
		});
		return new SecretCipher(specs, activeId);
	}

	/** The keys of {@code sesame.mfa.encryption-keys}, each read from its file or inline value. */
	public static SecretCipher from(MfaProperties properties) {
		if (properties.encryptionKeys().isEmpty()) {
			throw new IllegalArgumentException("sesame.mfa.encryption-keys is empty");
		}
		Map<String, byte[]> keys = new LinkedHashMap<>();
		for (EncryptionKey key : properties.encryptionKeys()) {
			keys.put(key.id(), decode(key.id(), (key.keyFile() != null) ? read(key.id(), key.keyFile()) : key.key()));
		}
		return of(keys, properties.activeKeyId());
	}

	/** A random key that lives as long as this process: what it seals is unreadable after a restart. */
	public static SecretCipher ephemeral() {
		byte[] raw = new byte[KEY_BYTES];
		RANDOM.nextBytes(raw);
		return of(Map.of(EPHEMERAL_ID, raw), EPHEMERAL_ID);
	}

	private static String read(String id, Path file) {
		try {
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(
					"sesame.mfa.encryption-keys: the key-file of key " + id + " cannot be read: " + file, ex);
		}
	}

	private static byte[] decode(String id, String base64) {
		try {
			byte[] raw = Base64.getDecoder().decode(base64.strip());
			if (raw.length == KEY_BYTES) {
				return raw;
			}
		}
		catch (IllegalArgumentException ex) {
			// Reported below, without the value.
		}
		throw new IllegalArgumentException("sesame.mfa.encryption-keys: key " + id
				+ " must be base64 of 32 bytes (openssl rand -base64 32)");
	}

	public String activeKeyId() {
		return this.activeId;
	}

	public String seal(byte[] plaintext, String sub) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.keys.get(this.activeId), new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(sub.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext);
			return this.activeId + ':' + Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot seal a second-factor secret", ex);
		}
	}

	/**
	 * @throws IllegalStateException when the value names a key that is no longer configured, or does not open with
	 * it for this {@code sub} (altered, or copied from another agent)
	 */
	public byte[] open(String sealed, String sub) {
		int colon = sealed.indexOf(':');
		SecretKey key = (colon > 0) ? this.keys.get(sealed.substring(0, colon)) : null;
		if (key == null) {
			throw new IllegalStateException("A stored second-factor secret was sealed with key "
					+ ((colon > 0) ? sealed.substring(0, colon) : "(none)")
					+ ", which is not in sesame.mfa.encryption-keys: keep retired keys listed");
		}
		try {
			byte[] bytes = Base64.getDecoder().decode(sealed.substring(colon + 1));
			if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
				throw new GeneralSecurityException("too short");
			}
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
			cipher.updateAAD(sub.getBytes(StandardCharsets.UTF_8));
			return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			throw new IllegalStateException("A stored second-factor secret cannot be decrypted: it was altered, "
					+ "belongs to another agent, or key " + sealed.substring(0, colon) + " changed");
		}
	}

	/**
	 * Keys for another purpose derived from each encryption key: HMAC-SHA256 of {@code label} under it, so that a
	 * derived key reveals nothing of the encryption key nor of the keys derived for other labels.
	 * @return derived keys by encryption key id, the active one first
	 */
	public Map<String, byte[]> derive(String label) {
		Map<String, byte[]> derived = new LinkedHashMap<>();
		derived.put(this.activeId, derive(this.keys.get(this.activeId), label));
		this.keys.forEach((id, key) -> derived.putIfAbsent(id, derive(key, label)));
		return Collections.unmodifiableMap(derived);
	}

	private static byte[] derive(SecretKey key, String label) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
			return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has HmacSHA256", ex);
		}
	}

	@Override
	public String toString() {
		return "SecretCipher[AES-256-GCM, active=" + this.activeId + ", keys=" + this.keys.keySet() + "]";
	}

}
