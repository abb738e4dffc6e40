package fr.sesame.auth.admin.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import fr.sesame.auth.support.DemoServerTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: {@code src/test/a11y/console.mjs} drives Debian's chromium through playwright-core
 * against this test's demo server. A commune admin signs in with TOTP (enrolled on the way), assigns a role and sees
 * it listed; axe-core finds no serious or critical violation on the login page, the second-factor pages and every
 * console page. {@code .ci/run} installs chromium and the script's npm packages; elsewhere, without them, the test is
 * skipped and says why (on CI, where {@code CI} is set, it fails instead).
 */
class ConsoleBrowserTest extends DemoServerTest {

	private static final Path SCRIPT_DIR = Path.of("src/test/a11y");

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

	@Test
	void aCommuneAdminSignsInWithTotpAssignsARoleAndNoPageHasASeriousAccessibilityViolation() throws Exception {
		requireOrSkip(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing (apt-get install chromium)");
		requireOrSkip(Files.isDirectory(SCRIPT_DIR.resolve("node_modules/playwright-core"))
				&& Files.isDirectory(SCRIPT_DIR.resolve("node_modules/axe-core")),
				"the browser test's packages are missing (cd auth-server/src/test/a11y && npm ci)");
		Path out = Path.of("target/console-browser");
		Files.createDirectories(out);
		Path log = out.resolve("console.log");
		ProcessBuilder node = new ProcessBuilder("node", "console.mjs").directory(SCRIPT_DIR.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		node.environment().put("SESAME_URL", ISSUER);
		node.environment().put("CHROMIUM", CHROMIUM.toString());
		node.environment().put("OUT", out.toAbsolutePath().toString());
		Process process = node.start();
		boolean finished = process.waitFor(5, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String output = read(log);
		assertThat(finished).as("the browser run ended within 5 minutes:\n" + output).isTrue();
		assertThat(process.exitValue()).as("the browser run (report in " + out.toAbsolutePath() + "):\n" + output)
			.isZero();
		assertThat(output).contains("assigned demo-portal/agent to hlefevre: listed", "All clean.");
	}

	// Skipped only off CI: on CI a missing browser must not pass for a clean run.
	private static void requireOrSkip(boolean present, String missing) {
		if (!present && System.getenv("CI") != null) {
			throw new AssertionError("CI is set but " + missing);
		}
		Assumptions.assumeTrue(present, "Console browser test skipped: " + missing);
	}

	private static String read(Path log) throws IOException {
		return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
	}

}
