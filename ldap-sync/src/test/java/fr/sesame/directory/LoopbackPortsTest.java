package fr.sesame.directory;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import fr.sesame.directory.support.LoopbackPorts;

import static org.assertj.core.api.Assertions.assertThat;

/** The ports every module's tests fix before a server starts: none the kernel could hand to someone else meanwhile. */
class LoopbackPortsTest {

	@Test
	void portsAreBelowTheEphemeralRangeAndNeverHandedOutTwice() {
		// CI runs on Linux, where the range must be read: 0 (no range file) would hide a broken reader again.
		int ephemeralLow = LoopbackPorts.ephemeralLow();
		assertThat(ephemeralLow).as("/proc/sys/net/ipv4/ip_local_port_range read").isGreaterThan(10_000);
		Set<Integer> ports = new HashSet<>();
		IntStream.range(0, 200).forEach((i) -> ports.add(LoopbackPorts.free()));

		assertThat(ports).hasSize(200).allSatisfy((port) -> assertThat(port).isBetween(10_000, ephemeralLow - 1));
	}

}
