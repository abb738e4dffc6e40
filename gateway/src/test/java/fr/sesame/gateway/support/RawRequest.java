package fr.sesame.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A GET sent byte for byte, for what HTTP clients refuse to send: control characters in a header value, a
 * {@code Connection} header naming other headers.
 */
public final class RawRequest {

	private RawRequest() {
	}

	/** @return the response's status line */
	public static String get(String url, Map<String, String> headers) throws IOException {
		URI uri = URI.create(url);
		StringBuilder request = new StringBuilder("GET " + uri.getRawPath() + " HTTP/1.1\r\n")
			.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
		if (!headers.containsKey("Connection")) {
			request.append("Connection: close\r\n");
		}
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		request.append("\r\n");
		try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			StringBuilder line = new StringBuilder();
			for (int c = in.read(); c != -1 && c != '\r'; c = in.read()) {
				line.append((char) c);
			}
			return line.toString();
		}
	}

}
