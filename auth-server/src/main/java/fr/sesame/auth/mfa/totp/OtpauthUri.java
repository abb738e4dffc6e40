package fr.sesame.auth.mfa.totp;

import java.nio.charset.StandardCharsets;

/**
 * The {@code otpauth://totp/} URI that authenticator apps read from the QR code (the "Key Uri Format" of Google
 * Authenticator, which the other apps follow): the label is {@code issuer:account}, and the issuer is repeated as a
 * parameter because some apps read only one of the two.
 */
public final class OtpauthUri {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private OtpauthUri() {
	}

	/**
	 * @param issuer who issues the code, shown by the app (e.g. Sésame)
	 * @param account which account, shown by the app (e.g. j.dupont@rivebelle.fr)
	 * @param base32Secret the secret, base32 without padding
	 */
	public static String of(String issuer, String account, String base32Secret, Totp totp) {
		return "otpauth://totp/" + encode(issuer) + ':' + encode(account) + "?secret=" + base32Secret + "&issuer="
				+ encode(issuer) + "&algorithm=" + totp.algorithm().name() + "&digits=" + totp.digits() + "&period="
				+ totp.step().toSeconds();
	}

	/**
	 * Percent-encoding of RFC 3986 for a path segment or a query value: spaces become {@code %20}, never {@code +}
	 * (which apps would show), a colon is encoded so that it cannot be taken for the issuer separator, and
	 * {@code @} is kept so that e-mail addresses stay readable in the URI.
	 */
	static String encode(String text) {
		StringBuilder encoded = new StringBuilder(text.length() + 16);
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
					|| c == '_' || c == '~' || c == '@') {
				encoded.append((char) c);
			}
			else {
				encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0f]);
			}
		}
		return encoded.toString();
	}

}
