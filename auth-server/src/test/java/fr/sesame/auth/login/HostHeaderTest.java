package fr.sesame.auth.login;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.support.DemoServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code Host} header is the client's to choose: no redirect is built from it. Sent over a raw socket, since
 * Java's HTTP client does not let a caller set {@code Host}.
 */
class HostHeaderTest extends DemoServerTest {

	static final String AUTHORIZE = "/oauth2/authorize?response_type=code&client_id=demo-portal"
			+ "&redirect_uri=http://localhost:8080/login/oauth2/code/sesame&scope=openid"
			+ "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

	@Test
	void theLoginRedirectOfTheAuthorizationEndpointIsRelative() throws IOException {
		assertThat(location(AUTHORIZE, "evil.example")).isEqualTo("/login");
	}

	@Test
	void theLoginRedirectOfOtherPagesIsRelative() throws IOException {
		assertThat(location("/console", "evil.example")).isEqualTo("/login");
		assertThat(location("/", "evil.example:8443")).isEqualTo("/login");
	}

	private static String location(String target, String host) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), PORT)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/html\r\nConnection: close"
					+ "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
			String head = response.substring(0, response.indexOf("\r\n\r\n"));
			assertThat(head).startsWith("HTTP/1.1 302");
			return head.lines()
				.filter((line) -> line.regionMatches(true, 0, "Location:", 0, 9))
				.map((line) -> line.substring(9).trim())
				.findFirst()
				.orElseThrow();
		}
	}

}
