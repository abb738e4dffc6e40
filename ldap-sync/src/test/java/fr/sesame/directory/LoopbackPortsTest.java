package fr.sesame.directory;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import fr.sesame.directory.support.LoopbackPorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The ports every module's tests fix before a server starts: none the kernel could hand to someone else meanwhile. */
class LoopbackPortsTest {

	@Test
	void portsAreBelowTheEphemeralRangeAndNeverHandedOutTwice() {
		int ephemeralLow = LoopbackPorts.ephemeralLow();
		assumeThat(ephemeralLow).as("the kernel's ephemeral range (Linux only)").isPositive();
		Set<Integer> ports = new HashSet<>();
		IntStream.range(0, 200).forEach((i) -> ports.add(LoopbackPorts.free()));

		assertThat(ports).hasSize(200).allSatisfy((port) -> assertThat(port).isBetween(10_000, ephemeralLow - 1));
	}

}
