package fr.sesame.gateway.hygiene;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loops answer exactly as Spring Security's regular expressions, on chosen and on random strings (every plane,
 * controls, tabs, unassigned code points, lone surrogates).
 */
class FirewallCharactersTest {

	private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void sameAnswersAsTheRegularExpressions() {
		List<String> samples = new ArrayList<>(List.of("", "SESAME_GATEWAY=2dbd4de7; lang=fr", "Bearer eyJ.a-b_c",
				"text/html,application/xhtml+xml;q=0.9", "a\tb", "a\nb", "a\rb", "\u0000", "\u007f", "\u0085", "é à ç",
				"\u2028", "\uFFFF", "\uD83D\uDE00", "\uD800", "x\uDC00y", "\u0378", "\u00A0", "\u200B", "\uE000",
				new String(Character.toChars(0xE0001)), new String(Character.toChars(0x10FFFF))));
		Random random = new Random(20261206);
		for (int i = 0; i < 20_000; i++) {
			StringBuilder text = new StringBuilder();
			for (int j = random.nextInt(6); j >= 0; j--) {
				int codePoint = switch (random.nextInt(4)) {
					case 0 -> random.nextInt(0x80);
					case 1 -> random.nextInt(0x800);
					case 2 -> random.nextInt(0x10000);
					default -> random.nextInt(0x110000);
				};
				text.appendCodePoint(codePoint);
			}
			samples.add(text.toString());
		}
		for (String sample : samples) {
			assertThat(FirewallCharacters.NAMES.test(sample)).as("name %s", sample.codePoints().boxed().toList())
				.isEqualTo(NAMES.matcher(sample).matches());
			assertThat(FirewallCharacters.HEADER_VALUES.test(sample)).as("value %s", sample.codePoints().boxed().toList())
				.isEqualTo(VALUES.matcher(sample).matches());
		}
	}

}
