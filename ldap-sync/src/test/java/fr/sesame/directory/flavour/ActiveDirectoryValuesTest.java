package fr.sesame.directory.flavour;

import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ActiveDirectoryValuesTest {

	@Test
	void objectGuidReadsItsFirstThreeFieldsLittleEndian() {
		// What AD tools show as {7a3c2b1d-4e5f-4a6b-8c7d-9e0f1a2b3c4d} is stored as these bytes.
		byte[] stored = HexFormat.of().parseHex("1d2b3c7a5f4e6b4a8c7d9e0f1a2b3c4d");

		assertThat(ActiveDirectoryGuid.toUuid(stored)).isEqualTo(UUID.fromString("7a3c2b1d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"));
		assertThat(ActiveDirectoryGuid.toBytes(UUID.fromString("7a3c2b1d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"))).isEqualTo(stored);
	}

	@Test
	void objectGuidOfAnotherLengthIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ActiveDirectoryGuid.toUuid(new byte[15]));
	}

	@Test
	void fileTimeCountsHundredNanosecondsSince1601() {
		assertThat(ActiveDirectoryFileTime.toInstant(116_444_736_000_000_000L)).isEqualTo(Instant.EPOCH);
		assertThat(ActiveDirectoryFileTime.fromInstant(Instant.parse("2020-01-01T00:00:00Z")))
			.isEqualTo(132_223_104_000_000_000L);
	}

	@Test
	void accountExpiresZeroAndMaxMeanNever() {
		Instant now = Instant.parse("2026-03-01T00:00:00Z");

		assertThat(ActiveDirectoryFileTime.isPast(0, now)).isFalse();
		assertThat(ActiveDirectoryFileTime.isPast(Long.MAX_VALUE, now)).isFalse();
		assertThat(ActiveDirectoryFileTime.isPast(132_223_104_000_000_000L, now)).isTrue();
		assertThat(ActiveDirectoryFileTime.isPast(ActiveDirectoryFileTime.fromInstant(now.plusSeconds(60)), now))
			.isFalse();
	}

}
