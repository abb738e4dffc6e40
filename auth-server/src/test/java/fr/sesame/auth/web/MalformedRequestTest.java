package fr.sesame.auth.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.support.DemoServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Tomcat refuses before Spring sees them, sent over a raw socket as a scanner sends them: a 400 page that
 * names no server version and carries the headers of every other response.
 */
class MalformedRequestTest extends DemoServerTest {

	@Test
	void tomcatsOwnErrorPageCarriesTheSecurityHeaders() throws IOException {
		for (String target : List.of("/a|b", "/%2e%2e/etc/passwd", "/login;jsessionid=x")) {
			String response = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
			assertThat(head).as(target).startsWith("http/1.1 400")
				.contains("x-content-type-options: nosniff")
				.contains("x-frame-options: deny")
				.contains("frame-ancestors 'none'")
				.contains("cache-control: no-store");
			assertThat(response).as(target).doesNotContainIgnoringCase("Apache Tomcat/");
			assertThat(response.substring(response.indexOf("\r\n\r\n"))).as(target).doesNotContain(target);
		}
	}

	@Test
	void traceIsRefusedLikeAnyUnknownMethodAndEchoesNothing() throws IOException {
		String response = send("TRACE /login HTTP/1.1\r\nHost: localhost\r\nCookie: SESSION=secret-cookie\r\n"
				+ "Authorization: Basic c2VjcmV0\r\nConnection: close\r\n\r\n");
		String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase();
		assertThat(head).startsWith("http/1.1 400")
			.contains("x-content-type-options: nosniff")
			.contains("frame-ancestors 'none'")
			.contains("cache-control: no-store")
			// Tomcat's own refusal listed PUT and DELETE here, which scanners read as methods the server accepts.
			.doesNotContain("allow:");
		assertThat(response).doesNotContain("secret-cookie").doesNotContain("c2VjcmV0");
	}

	private static String send(String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}
