package fr.sesame.gateway.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an agent's authenticator app does with the key that auth-server's enrolment page shows: RFC 6238 codes (HMAC
 * SHA-1, 6 digits, 30 s). The gateway has no code of auth-server's, so the test carries its own.
 */
public final class AuthenticatorApp {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

	private final byte[] key;

	public AuthenticatorApp(String groupedBase32Key) {
		this.key = base32(groupedBase32Key);
	}

	/** The code of the next 30-second step: accepted within the server's ±1 window, never used before. */
	public String nextCode() {
		return code(Instant.now().getEpochSecond() / 30 + 1);
	}

	public String code(long step) {
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(this.key, "HmacSHA1"));
			byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
			int offset = hash[hash.length - 1] & 0x0f;
			int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
					| ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
			return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] base32(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int buffer = 0;
		int bits = 0;
		for (char c : text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT).toCharArray()) {
			buffer = (buffer << 5) | ALPHABET.indexOf(c);
			bits += 5;
			if (bits >= 8) {
				out.write((buffer >> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		return out.toByteArray();
	}

}
