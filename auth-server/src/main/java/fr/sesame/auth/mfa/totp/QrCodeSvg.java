package fr.sesame.auth.mfa.totp;

import io.nayuki.qrcodegen.QrCode;

/**
 * Draws a QR code as an inline SVG element, so that the enrolment page needs neither JavaScript nor an image
 * endpoint that would serve a secret by URL. Dark modules are one path, a run of adjacent modules per row segment,
 * on a white square that includes the quiet zone of four modules the QR specification requires.
 */
public final class QrCodeSvg {

	static final int QUIET_ZONE = 4;

	/** Rendered size of one module when the page sets no size of its own. */
	private static final int PIXELS_PER_MODULE = 4;

	private QrCodeSvg() {
	}

	/**
	 * @param text what the code holds
	 * @param title the accessible name (screen readers read it; it is escaped here, so any text is safe)
	 */
	public static String render(String text, String title) {
		QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
		int extent = qr.size + 2 * QUIET_ZONE;
		String label = escape(title);
		StringBuilder svg = new StringBuilder(qr.size * qr.size);
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
			.append(extent)
			.append(' ')
			.append(extent)
			.append("\" width=\"")
			.append(extent * PIXELS_PER_MODULE)
			.append("\" height=\"")
			.append(extent * PIXELS_PER_MODULE)
			.append("\" role=\"img\" aria-label=\"")
			.append(label)
			.append("\" shape-rendering=\"crispEdges\"><title>")
			.append(label)
			.append("</title><rect width=\"")
			.append(extent)
			.append("\" height=\"")
			.append(extent)
			.append("\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
		for (int y = 0; y < qr.size; y++) {
			int x = 0;
			while (x < qr.size) {
				if (!qr.getModule(x, y)) {
					x++;
					continue;
				}
				int start = x;
				while (x < qr.size && qr.getModule(x, y)) {
					x++;
				}
				svg.append('M')
					.append(start + QUIET_ZONE)
					.append(',')
					.append(y + QUIET_ZONE)
					.append('h')
					.append(x - start)
					.append("v1h-")
					.append(x - start)
					.append('z');
			}
		}
		return svg.append("\"/></svg>").toString();
	}

	/** XML text and attribute escaping; characters XML 1.0 forbids (most control characters) are dropped. */
	static String escape(String text) {
		if (text == null) {
			return "";
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> {
					if (c >= 0x20 && c != 0xfffe && c != 0xffff || c == '\t' || c == '\n' || c == '\r') {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

}
