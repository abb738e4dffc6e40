package fr.sesame.auth.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * SHA-256 of a token value, for index keys: whoever can read Redis keys (a dump, MONITOR, a replica) learns no
 * usable code or token from them. Tokens are high-entropy random values or signed JWTs, so an unkeyed hash cannot be
 * reversed by guessing.
 */
final class TokenDigest {

	private TokenDigest() {
	}

	static String of(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java runtime has SHA-256", ex);
		}
	}

}
