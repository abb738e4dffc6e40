package fr.sesame.gateway.support;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A request written byte for byte on a socket, as a scanner sends it: Java's HTTP client will not send a forged
 * {@code Host}, an illegal request line or oversized headers.
 */
public final class RawHttp {

	private RawHttp() {
	}

	/** The whole response to {@code request}, which should ask for {@code Connection: close}. */
	public static String send(int port, String request) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
