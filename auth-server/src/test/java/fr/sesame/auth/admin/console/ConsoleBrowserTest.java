package fr.sesame.auth.admin.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.sesame.auth.support.DemoServerTest;
import fr.sesame.auth.support.NodeScript;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser: {@code src/test/a11y/console.mjs} drives Debian's chromium through playwright-core
 * against this test's demo server. A commune admin signs in with TOTP (enrolled on the way), assigns a role and sees
 * it listed; axe-core finds no serious or critical violation on the login page, the second-factor pages and every
 * console page. {@code .ci/run} installs chromium and the script's npm packages; elsewhere, without them, the test is
 * skipped and says why (on CI, where {@code CI} is set, it fails instead).
 */
class ConsoleBrowserTest extends DemoServerTest {

	private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

	@Test
	void aCommuneAdminSignsInWithTotpAssignsARoleAndNoPageHasASeriousAccessibilityViolation() throws Exception {
		NodeScript.requireOrSkip(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing (apt-get install chromium)");
		NodeScript script = NodeScript.in("src/test/a11y", "console.mjs", "playwright-core", "axe-core");
		Path out = Path.of("target/console-browser");
		String output = script.runOk(Map.of("SESAME_URL", ISSUER, "CHROMIUM", CHROMIUM.toString(), "OUT",
				out.toAbsolutePath().toString()), out.resolve("console.log"), 5);
		assertThat(output).contains("assigned demo-portal/agent to hlefevre: listed", "All clean.");
	}

}
