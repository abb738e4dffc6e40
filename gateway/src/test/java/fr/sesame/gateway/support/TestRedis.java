package fr.sesame.gateway.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Assertions;

/** The Redis the integration tests use (127.0.0.1:6379, as in CI). */
public final class TestRedis {

	private TestRedis() {
	}

	public static boolean isAvailable() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 6379), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	public static void requireAvailable() {
		Assertions.assertTrue(isAvailable(), "Redis is not running on 127.0.0.1:6379 (.ci/run starts one)");
	}

}
