package fr.sesame.gateway.hygiene;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's firewall guards requests for applications as it guards the gateway's own endpoints: a header the
 * gateway reads, holding a control character, is refused with a 400, and the upstream hears nothing. (The firewall
 * checks headers as they are read, so headers the gateway never reads pass to the upstream as they came.)
 */
class FirewallTest {

	private final Fixture fixture = FakeProviderGateways.memory();

	@BeforeEach
	void reset() {
		this.fixture.reset();
	}

	@Test
	void aControlCharacterInAHeaderIsRefusedBeforeReachingAnApplication() throws IOException {
		String token = this.fixture.provider()
			.accessToken("api-client", TestOpenIdProvider.agent("jdupont", "rivebelle", Set.of("agent")));

		// U+0085 (NEL) is a control character that the HTTP parser lets through as a Latin-1 byte.
		String status = rawGet("/open/items",
				Map.of("Authorization", "Bearer " + token + "\u0085", "Accept", "application/json"));

		assertThat(status).startsWith("HTTP/1.1 400");
		assertThat(this.fixture.upstream().requests()).isEmpty();
		assertThat(rawGet("/open/items", Map.of("Authorization", "Bearer " + token, "Accept", "application/json")))
			.startsWith("HTTP/1.1 200");
	}

	/** The status line of a GET sent byte for byte (HTTP clients refuse such header values). */
	private String rawGet(String path, Map<String, String> headers) throws IOException {
		URI url = URI.create(this.fixture.url(path));
		StringBuilder request = new StringBuilder("GET " + url.getRawPath() + " HTTP/1.1\r\n")
			.append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
			.append("Connection: close\r\n");
		headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
		request.append("\r\n");
		try (Socket socket = new Socket(url.getHost(), url.getPort())) {
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
