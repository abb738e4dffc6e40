package fr.sesame.auth.mfa.recovery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.enrolment.FactorStore;
import fr.sesame.auth.mfa.enrolment.SecretCipher;

/**
 * Single-use recovery codes, for an agent who lost their authenticator. Each code is twelve characters of
 * Crockford's base32 alphabet in lower case (60 random bits, no {@code i l o u}), shown once as
 * {@code xxxx-xxxx-xxxx}. Only keyed hashes are stored: HMAC-SHA256 under a key derived from the MFA encryption
 * key, of the agent's {@code sub} and the code, so that a stolen copy of the store allows no offline guessing and a
 * hash copied to another agent matches nothing. Each hash is prefixed by the id of the encryption key it was derived
 * from, so codes generated before a key rotation still redeem.
 */
public final class RecoveryCodes {

	static final int COUNT = 10;

	private static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

	private static final int LENGTH = 12;

	private static final String LABEL = "sesame-recovery-v1";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final FactorStore store;

	/** By encryption key id, the active one first. */
	private final Map<String, byte[]> hashKeys;

	private final AuditTrail audit;

	public RecoveryCodes(FactorStore store, SecretCipher cipher, AuditTrail audit) {
		this.store = store;
		this.hashKeys = cipher.derive(LABEL);
		this.audit = audit;
	}

	/**
	 * Ten fresh codes, to show once; the previous set stops working at the same moment (atomic replacement).
	 * @return codes formatted {@code xxxx-xxxx-xxxx}
	 */
	public List<String> generate(String sub) {
		Set<String> codes = new LinkedHashSet<>();
		while (codes.size() < COUNT) {
			StringBuilder code = new StringBuilder(LENGTH);
			for (int i = 0; i < LENGTH; i++) {
				code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
			}
			codes.add(code.toString());
		}
		Map.Entry<String, byte[]> active = this.hashKeys.entrySet().iterator().next();
		Set<String> hashes = new LinkedHashSet<>();
		List<String> shown = new ArrayList<>(COUNT);
		for (String code : codes) {
			hashes.add(hash(active.getKey(), active.getValue(), sub, code));
			shown.add(code.substring(0, 4) + '-' + code.substring(4, 8) + '-' + code.substring(8));
		}
		this.store.replaceRecoveryCodes(sub, hashes);
		this.audit.record(sub, AuditEventType.MFA_ENROLLED, Map.of("factor", "recovery-codes"));
		return shown;
	}

	/**
	 * Uses up a code. Case, spaces and dashes are ignored, and the letters an agent may type for a look-alike digit
	 * ({@code o} for {@code 0}, {@code i} or {@code l} for {@code 1}) are read as that digit. Of two concurrent
	 * redemptions of one code, exactly one succeeds.
	 */
	public boolean redeem(String sub, String typedCode) {
		String code = normalise(typedCode);
		boolean redeemed = false;
		if (code != null) {
			List<String> candidates = new ArrayList<>(this.hashKeys.size());
			this.hashKeys.forEach((id, key) -> candidates.add(hash(id, key, sub, code)));
			redeemed = this.store.consumeRecoveryCode(sub, candidates);
		}
		if (redeemed) {
			this.audit.record(sub, AuditEventType.MFA_VERIFIED, Map.of("factor", "recovery-code"));
		}
		else {
			this.audit.record(sub, AuditEventType.MFA_FAILED, Map.of("factor", "recovery-code", "reason", "wrong"));
		}
		return redeemed;
	}

	public int remaining(String sub) {
		return this.store.recoveryCodesLeft(sub);
	}

	/** Removes every code of the agent. Not audited here: the caller knows who did it and why. */
	public void remove(String sub) {
		this.store.removeRecoveryCodes(sub);
	}

	/** The twelve characters of a typed code, or null when it cannot be one. */
	static String normalise(String typed) {
		if (typed == null) {
			return null;
		}
		StringBuilder code = new StringBuilder(LENGTH);
		for (char c : typed.toLowerCase(Locale.ROOT).toCharArray()) {
			if (c == '-' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
				continue;
			}
			char read = switch (c) {
				case 'o' -> '0';
				case 'i', 'l' -> '1';
				default -> c;
			};
			if (ALPHABET.indexOf(read) < 0 || code.length() == LENGTH) {
				return null;
			}
			code.append(read);
		}
		return (code.length() == LENGTH) ? code.toString() : null;
	}

	private static String hash(String keyId, byte[] key, String sub, String code) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update(sub.getBytes(StandardCharsets.UTF_8));
			// A separator no sub or code holds, so that ("ab", "c...") and ("a", "bc...") differ.
			mac.update((byte) 0);
			return keyId + ':'
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(code.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Every Java runtime has HmacSHA256", ex);
		}
	}

}
