package fr.sesame.auth.mfa.totp;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class Base32Test {

	/** RFC 4648 section 10, written without padding; read back with and without it. */
	@ParameterizedTest(name = "\"{0}\"")
	@CsvSource({ "'', '', ''", "f, MY, MY======", "fo, MZXQ, MZXQ====", "foo, MZXW6, MZXW6===",
			"foob, MZXW6YQ, MZXW6YQ=", "fooba, MZXW6YTB, MZXW6YTB", "foobar, MZXW6YTBOI, MZXW6YTBOI======" })
	void rfc4648Vectors(String text, String unpadded, String padded) {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		assertThat(Base32.encode(bytes)).isEqualTo(unpadded);
		assertThat(Base32.decode(unpadded)).isEqualTo(bytes);
		assertThat(Base32.decode(padded)).isEqualTo(bytes);
	}

	@Test
	void readsWhatAgentsAndAppsMayAdd() {
		byte[] bytes = "Hello!\u00de\u00ad\u00be\u00ef".getBytes(StandardCharsets.ISO_8859_1);
		String encoded = Base32.encode(bytes);
		assertThat(Base32.decode(encoded.toLowerCase())).isEqualTo(bytes);
		assertThat(Base32.decode(Base32.grouped(encoded))).isEqualTo(bytes);
		assertThat(Base32.decode(" " + Base32.grouped(encoded).toLowerCase().replace(' ', '-') + "\n"))
			.isEqualTo(bytes);
	}

	@Test
	void roundTripsEveryLength() {
		Random random = new Random(42);
		for (int length = 0; length <= 64; length++) {
			byte[] bytes = new byte[length];
			random.nextBytes(bytes);
			String encoded = Base32.encode(bytes);
			assertThat(encoded).matches("[A-Z2-7]*").doesNotContain("=");
			assertThat(encoded).hasSize((length * 8 + 4) / 5);
			assertThat(Base32.decode(encoded)).isEqualTo(bytes);
		}
	}

	@Test
	void refusesWhatIsNotBase32() {
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("MZXW1"));
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("MZXW8"));
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("MZ=XW"));
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("MZXWé"));
		// 1, 3 or 6 characters in a last group of 8 cannot come from whole bytes.
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("M"));
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("MZX"));
		assertThatIllegalArgumentException().isThrownBy(() -> Base32.decode("MZXW6Y"));
	}

	@Test
	void groupsByFour() {
		assertThat(Base32.grouped("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).isEqualTo("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
		assertThat(Base32.grouped("JBSWY3")).isEqualTo("JBSW Y3");
		assertThat(Base32.grouped("")).isEmpty();
	}

}
