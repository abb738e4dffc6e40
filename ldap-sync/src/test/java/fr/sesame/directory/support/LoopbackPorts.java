package fr.sesame.directory.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for servers whose port must be known before they start (an issuer, a redirect URI registered at
 * auth-server, a slapd command line), and for ports that must stay closed (a directory that is down).
 * <p>
 * They are taken below the kernel's ephemeral range. A port the kernel hands out for "any free port" is only free
 * until the next server that binds port 0 (an in-memory directory, a WireMock upstream) or the next outgoing
 * connection, which may get the same one before our server binds it, or while a restarted server is down (CI once
 * lost three test classes whose gateway could not bind its port). Below that range a port is only ever taken by someone asking for it by number,
 * and this class never hands the same one out twice in a JVM. Where the range cannot be read (not Linux), the
 * kernel's choice, as before.
 */
public final class LoopbackPorts {

	private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	/** Clear of the well-known ports and of the usual services' (LDAP, Redis, 8080, Sésame's 9000–9100). */
	private static final int LOWEST = 10_000;

	private static final int ATTEMPTS = 1_000;

	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private LoopbackPorts() {
	}

	/** A port nothing listens on at 127.0.0.1, handed out once in this JVM. */
	public static int free() {
		int highest = ephemeralLow() - 1;
		if (highest - LOWEST < ATTEMPTS) {
			return chosenByTheKernel();
		}
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
			if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
				return port;
			}
		}
		throw new IllegalStateException("no free loopback port between " + LOWEST + " and " + highest);
	}

	/** The lowest port of the kernel's ephemeral range, or 0 where there is no such file to read (not Linux). */
	public static int ephemeralLow() {
		if (!Files.isReadable(EPHEMERAL_RANGE)) {
			return 0;
		}
		try {
			// Not Files.readString: on Java 17 it reads one byte of a /proc file, which says it is empty.
			return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int chosenByTheKernel() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
