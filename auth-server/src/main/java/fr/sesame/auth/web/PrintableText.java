package fr.sesame.auth.web;

/**
 * Text that may go into a page, an audit entry, a log line, a CSV cell or a header as it is: no control characters
 * (C0, DEL, C1), no line or paragraph separators, no lone surrogates.
 */
public final class PrintableText {

	private PrintableText() {
	}

	public static boolean isPrintable(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				return false;
			}
			if (Character.isHighSurrogate(c)) {
				if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
					return false;
				}
				i++;
			}
			else if (Character.isLowSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

}
