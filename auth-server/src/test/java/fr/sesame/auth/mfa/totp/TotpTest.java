package fr.sesame.auth.mfa.totp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fr.sesame.auth.mfa.totp.Totp.Algorithm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The test vectors of RFC 6238 (Appendix B) and RFC 4226 (Appendix D), then the window and its edges. */
class TotpTest {

	private static final byte[] SEED_SHA1 = ascii("12345678901234567890");

	private static final byte[] SEED_SHA256 = ascii("12345678901234567890123456789012");

	private static final byte[] SEED_SHA512 = ascii(
			"1234567890123456789012345678901234567890123456789012345678901234");

	@ParameterizedTest(name = "T={0}s {2}")
	@CsvSource({ "59, 94287082, SHA1", "59, 46119246, SHA256", "59, 90693936, SHA512",
			"1111111109, 07081804, SHA1", "1111111109, 68084774, SHA256", "1111111109, 25091201, SHA512",
			"1111111111, 14050471, SHA1", "1111111111, 67062674, SHA256", "1111111111, 99943326, SHA512",
			"1234567890, 89005924, SHA1", "1234567890, 91819424, SHA256", "1234567890, 93441116, SHA512",
			"2000000000, 69279037, SHA1", "2000000000, 90698825, SHA256", "2000000000, 38618901, SHA512",
			"20000000000, 65353130, SHA1", "20000000000, 77737706, SHA256", "20000000000, 47863826, SHA512" })
	void rfc6238AppendixB(long seconds, String expected, Algorithm algorithm) {
		Totp totp = new Totp(algorithm, 8, Duration.ofSeconds(30));
		byte[] seed = switch (algorithm) {
			case SHA1 -> SEED_SHA1;
			case SHA256 -> SEED_SHA256;
			case SHA512 -> SEED_SHA512;
		};
		Instant time = Instant.ofEpochSecond(seconds);
		assertThat(totp.code(seed, totp.stepAt(time))).isEqualTo(expected);
		assertThat(totp.matchingStep(seed, expected, time, 0)).hasValue(totp.stepAt(time));
	}

	@ParameterizedTest(name = "count={0}")
	@CsvSource({ "0, 755224", "1, 287082", "2, 359152", "3, 969429", "4, 338314", "5, 254676", "6, 287922",
			"7, 162583", "8, 399871", "9, 520489" })
	void rfc4226AppendixD(long counter, String expected) {
		assertThat(new Totp(Algorithm.SHA1, 6, Duration.ofSeconds(30)).code(SEED_SHA1, counter)).isEqualTo(expected);
	}

	@Test
	void stepsCountFromTheEpoch() {
		Totp totp = new Totp(Algorithm.SHA1, 6, Duration.ofSeconds(30));
		assertThat(totp.stepAt(Instant.ofEpochSecond(0))).isZero();
		assertThat(totp.stepAt(Instant.ofEpochSecond(29, 999_999_999))).isZero();
		assertThat(totp.stepAt(Instant.ofEpochSecond(30))).isEqualTo(1);
		assertThat(totp.stepAt(Instant.ofEpochSecond(59))).isEqualTo(1);
		assertThat(totp.stepAt(Instant.ofEpochSecond(1111111109))).isEqualTo(0x23523EC);
	}

	@Test
	void codesAreZeroPadded() {
		Totp totp = new Totp(Algorithm.SHA1, 8, Duration.ofSeconds(30));
		assertThat(totp.code(SEED_SHA1, totp.stepAt(Instant.ofEpochSecond(1111111109)))).isEqualTo("07081804");
	}

	@Test
	void theWindowAcceptsNeighbouringStepsAndNothingFurther() {
		Totp totp = new Totp(Algorithm.SHA1, 6, Duration.ofSeconds(30));
		Instant now = Instant.parse("2026-11-30T09:00:10Z");
		long current = totp.stepAt(now);
		for (long offset = -1; offset <= 1; offset++) {
			assertThat(totp.matchingStep(SEED_SHA1, totp.code(SEED_SHA1, current + offset), now, 1))
				.hasValue(current + offset);
		}
		assertThat(totp.matchingStep(SEED_SHA1, totp.code(SEED_SHA1, current - 2), now, 1)).isEmpty();
		assertThat(totp.matchingStep(SEED_SHA1, totp.code(SEED_SHA1, current + 2), now, 1)).isEmpty();
		assertThat(totp.matchingStep(SEED_SHA1, totp.code(SEED_SHA1, current + 1), now, 0)).isEmpty();
		assertThat(totp.matchingStep(SEED_SHA1, totp.code(SEED_SHA1, current + 2), now, 2)).hasValue(current + 2);
	}

	@Test
	void whatIsNotACodeMatchesNothing() {
		Totp totp = new Totp(Algorithm.SHA1, 6, Duration.ofSeconds(30));
		Instant now = Instant.parse("2026-11-30T09:00:10Z");
		String code = totp.code(SEED_SHA1, totp.stepAt(now));
		assertThat(totp.matchingStep(SEED_SHA1, null, now, 1)).isEmpty();
		assertThat(totp.matchingStep(SEED_SHA1, "", now, 1)).isEmpty();
		assertThat(totp.matchingStep(SEED_SHA1, code + "0", now, 1)).isEmpty();
		assertThat(totp.matchingStep(SEED_SHA1, code.substring(1), now, 1)).isEmpty();
		assertThat(totp.matchingStep(SEED_SHA1, "12345a", now, 1)).isEmpty();
		// Fullwidth and Arabic-Indic digits are digits to Character.isDigit, not to a TOTP code.
		assertThat(totp.matchingStep(SEED_SHA1, "١٢٣٤٥٦", now, 1)).isEmpty();
	}

	@Test
	void impossibleSettingsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Totp(Algorithm.SHA1, 5, Duration.ofSeconds(30)));
		assertThatIllegalArgumentException().isThrownBy(() -> new Totp(Algorithm.SHA1, 9, Duration.ofSeconds(30)));
		assertThatIllegalArgumentException().isThrownBy(() -> new Totp(Algorithm.SHA1, 6, Duration.ofMillis(500)));
		assertThatIllegalArgumentException().isThrownBy(() -> new Totp(null, 6, Duration.ofSeconds(30)));
		Totp totp = new Totp(Algorithm.SHA1, 6, Duration.ofSeconds(30));
		assertThatIllegalArgumentException().isThrownBy(() -> totp.matchingStep(SEED_SHA1, "123456", Instant.now(), -1));
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
