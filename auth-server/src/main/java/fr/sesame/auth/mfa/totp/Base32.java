package fr.sesame.auth.mfa.totp;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * RFC 4648 base32, the encoding of TOTP secrets in otpauth URIs and on enrolment pages. Written out without
 * padding, as authenticator apps expect; read back whatever an agent or an app may add: lower case, spaces, dashes
 * and padding.
 */
public final class Base32 {

	private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

	private static final int[] VALUES = new int[128];

	static {
		Arrays.fill(VALUES, -1);
		for (int i = 0; i < ALPHABET.length; i++) {
			VALUES[ALPHABET[i]] = i;
			VALUES[Character.toLowerCase(ALPHABET[i])] = i;
		}
	}

	private Base32() {
	}

	public static String encode(byte[] bytes) {
		StringBuilder text = new StringBuilder((bytes.length * 8 + 4) / 5);
		int buffer = 0;
		int bits = 0;
		for (byte b : bytes) {
			buffer = (buffer << 8) | (b & 0xff);
			bits += 8;
			while (bits >= 5) {
				text.append(ALPHABET[(buffer >>> (bits - 5)) & 0x1f]);
				bits -= 5;
			}
		}
		if (bits > 0) {
			text.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
		}
		return text.toString();
	}

	/** @throws IllegalArgumentException when the text holds a character outside the alphabet or has no valid length */
	public static byte[] decode(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() * 5 / 8);
		int buffer = 0;
		int bits = 0;
		int symbols = 0;
		boolean padding = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r') {
				continue;
			}
			if (c == '=') {
				padding = true;
				continue;
			}
			int value = (c < VALUES.length) ? VALUES[c] : -1;
			if (value < 0 || padding) {
				throw new IllegalArgumentException("Not base32: unexpected character at index " + i);
			}
			buffer = (buffer << 5) | value;
			bits += 5;
			symbols++;
			if (bits >= 8) {
				bytes.write((buffer >>> (bits - 8)) & 0xff);
				bits -= 8;
			}
		}
		// 1, 3 or 6 symbols in the last group of 8 cannot come from whole bytes.
		int rest = symbols % 8;
		if (rest == 1 || rest == 3 || rest == 6) {
			throw new IllegalArgumentException("Not base32: truncated");
		}
		return bytes.toByteArray();
	}

	/** Groups of four characters separated by spaces, easier to copy by hand: {@code "JBSW Y3DP EHPK 3PXP"}. */
	public static String grouped(String encoded) {
		StringBuilder grouped = new StringBuilder(encoded.length() + encoded.length() / 4);
		for (int i = 0; i < encoded.length(); i++) {
			if (i > 0 && i % 4 == 0) {
				grouped.append(' ');
			}
			grouped.append(encoded.charAt(i));
		}
		return grouped.toString();
	}

}
