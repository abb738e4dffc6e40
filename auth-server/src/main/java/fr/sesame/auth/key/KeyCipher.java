package fr.sesame.auth.key;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.lang.Nullable;

/**
 * Seals private signing keys before they leave the process (AES-256-GCM, a fresh 96-bit nonce per seal, the
 * {@code kid} as associated data so a sealed key cannot be passed off under another kid). Without a configured
 * encryption key it seals nothing and keys are stored as plain JWK JSON.
 */
public final class KeyCipher {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	@Nullable
	private final SecretKey key;

	private KeyCipher(@Nullable SecretKey key) {
		this.key = key;
	}

	public static KeyCipher none() {
		return new KeyCipher(null);
	}

	/** @param base64Key base64 of 32 random bytes */
	public static KeyCipher of(String base64Key) {
		byte[] raw;
		try {
			raw = Base64.getDecoder().decode(base64Key.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("The signing-key encryption key is not valid base64");
		}
		if (raw.length != 32) {
			throw new IllegalArgumentException(
					"The signing-key encryption key must be 32 bytes (256 bits), base64-encoded, not " + raw.length);
		}
		return new KeyCipher(new SecretKeySpec(raw, "AES"));
	}

	/** From {@code sesame.keys.encryption-key} or {@code sesame.keys.encryption-key-file}, or none. */
	public static KeyCipher from(KeyProperties properties) {
		if (properties.encryptionKeyFile() != null) {
			return of(read(properties.encryptionKeyFile()));
		}
		if (properties.encryptionKey() != null && !properties.encryptionKey().isBlank()) {
			return of(properties.encryptionKey());
		}
		return none();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("sesame.keys.encryption-key-file cannot be read: " + file, ex);
		}
	}

	public boolean seals() {
		return this.key != null;
	}

	public String seal(String plaintext, String kid) {
		if (this.key == null) {
			throw new IllegalStateException("No encryption key configured");
		}
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot seal signing key " + kid, ex);
		}
	}

	public String open(String sealed, String kid) {
		if (this.key == null) {
			throw new IllegalStateException("Signing key " + kid + " is encrypted in the store but neither "
					+ "sesame.keys.encryption-key nor sesame.keys.encryption-key-file is set");
		}
		byte[] bytes = Base64.getDecoder().decode(sealed);
		try {
			Cipher cipher = Cipher.getInstance(TRANSFORMATION);
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
			cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
			byte[] plaintext = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
			return new String(plaintext, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Signing key " + kid + " cannot be decrypted: wrong "
					+ "sesame.keys.encryption-key, or the stored key was altered");
		}
	}

	@Override
	public String toString() {
		return seals() ? "KeyCipher[AES-256-GCM]" : "KeyCipher[none]";
	}

}
