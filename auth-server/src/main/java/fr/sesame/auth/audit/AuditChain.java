package fr.sesame.auth.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hash chain of the audit trail: each entry's hash is HMAC-SHA256, under the chain key, of its canonical form,
 * which includes the previous entry's hash. Keyed rather than a plain digest so that whoever can write to Redis, but
 * does not hold the key, cannot rewrite an entry and recompute the hashes after it. Also seals the retention anchor
 * (the last entry trimmed), so that deleting the oldest entries cannot pass for retention.
 */
public final class AuditChain {

	static final int MIN_KEY_BYTES = 32;

	private static final String ALGORITHM = "HmacSHA256";

	// Domain separation: an entry's hash can never serve as an anchor's seal, nor the other way round.
	private static final String ENTRY_CONTEXT = "sesame-audit-entry-v1\n";

	private static final String ANCHOR_CONTEXT = "sesame-audit-anchor-v1\n";

	private final SecretKeySpec key;

	private AuditChain(byte[] key) {
		if (key.length < MIN_KEY_BYTES) {
			throw new IllegalArgumentException(
					"sesame.audit.chain-key must be at least " + MIN_KEY_BYTES + " bytes, not " + key.length);
		}
		this.key = new SecretKeySpec(key, ALGORITHM);
	}

	public static AuditChain of(byte[] key) {
		return new AuditChain(key.clone());
	}

	/** The key of {@code sesame.audit.chain-key} or {@code chain-key-file}; the properties say that one is set. */
	static AuditChain from(AuditProperties properties) {
		String base64 = (properties.chainKeyFile() != null) ? read(properties.chainKeyFile()) : properties.chainKey();
		try {
			byte[] raw = Base64.getDecoder().decode(base64.strip());
			if (raw.length >= MIN_KEY_BYTES) {
				return new AuditChain(raw);
			}
		}
		catch (IllegalArgumentException ex) {
			// Reported below, without the value.
		}
		String key = (properties.chainKeyFile() != null) ? "sesame.audit.chain-key-file" : "sesame.audit.chain-key";
		throw new IllegalArgumentException(
				key + " must hold base64 of at least " + MIN_KEY_BYTES + " random bytes (openssl rand -base64 32)");
	}

	/** A random key that lives as long as this process, as long as an in-memory trail does. */
	static AuditChain ephemeral() {
		byte[] raw = new byte[MIN_KEY_BYTES];
		new SecureRandom().nextBytes(raw);
		return new AuditChain(raw);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("sesame.audit.chain-key-file cannot be read: " + file, ex);
		}
	}

	/** The draft as the entry that follows {@code prevSeq} / {@code prevHash}. */
	public AuditEntry link(AuditEntry draft, long prevSeq, String prevHash) {
		AuditEntry unsealed = draft.linked(prevSeq + 1, prevHash, null);
		return unsealed.linked(prevSeq + 1, prevHash, mac(ENTRY_CONTEXT + unsealed.canonicalJson()));
	}

	/** Whether the entry's fields are those its hash was computed over. */
	public boolean isIntact(AuditEntry entry) {
		return entry.hash() != null && equal(entry.hash(), mac(ENTRY_CONTEXT + entry.canonicalJson()));
	}

	/** The seal of the retention anchor: the seq and hash of the last entry trimmed. */
	public String anchorSeal(long seq, String hash) {
		return mac(ANCHOR_CONTEXT + seq + "\n" + hash);
	}

	public boolean isAnchorIntact(long seq, String hash, String seal) {
		return seal != null && equal(seal, anchorSeal(seq, hash));
	}

	private String mac(String input) {
		try {
			// A Mac is not thread-safe, and one per call costs less than a hash of the entry.
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(this.key);
			byte[] digest = mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has HmacSHA256", ex);
		}
	}

	private static boolean equal(String a, String b) {
		return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
	}

	@Override
	public String toString() {
		// Never the key.
		return "AuditChain[HMAC-SHA256]";
	}

}
