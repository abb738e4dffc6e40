package fr.sesame.auth.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Node.js script of {@code src/test} run against a test's server: for what only software we did not write can
 * show (a browser, a relying-party library). Its npm packages come from {@code npm ci} in its folder, which
 * {@code .ci/run} does; elsewhere, without them, the test is skipped and says why. On CI (where {@code CI} is set)
 * a missing prerequisite fails the test instead: it must not pass for a clean run.
 */
public final class NodeScript {

	private final Path folder;

	private final String script;

	private NodeScript(Path folder, String script) {
		this.folder = folder;
		this.script = script;
	}

	/** The script, once the named npm packages of its folder are installed. */
	public static NodeScript in(String folder, String script, String... packages) {
		Path dir = Path.of(folder);
		for (String name : packages) {
			requireOrSkip(Files.isDirectory(dir.resolve("node_modules").resolve(name)),
					"the npm packages of " + folder + " are missing (cd auth-server/" + folder + " && npm ci)");
		}
		return new NodeScript(dir, script);
	}

	/** Skipped off CI, failed on CI, when a prerequisite is missing. */
	public static void requireOrSkip(boolean present, String missing) {
		if (!present && System.getenv("CI") != null) {
			throw new AssertionError("CI is set but " + missing);
		}
		Assumptions.assumeTrue(present, "Skipped: " + missing);
	}

	/**
	 * Runs the script with this environment, waits for it, and checks that it ended well.
	 * @return everything it printed
	 */
	public String runOk(Map<String, String> environment, Path log, long timeoutMinutes) throws Exception {
		Files.createDirectories(log.getParent());
		ProcessBuilder node = new ProcessBuilder("node", this.script).directory(this.folder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		node.environment().putAll(environment);
		Process process = node.start();
		boolean finished = process.waitFor(timeoutMinutes, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		String output = read(log);
		assertThat(finished).as(this.script + " ended within " + timeoutMinutes + " minutes:\n" + output).isTrue();
		assertThat(process.exitValue()).as(this.script + " (output in " + log.toAbsolutePath() + "):\n" + output)
			.isZero();
		return output;
	}

	private static String read(Path log) throws IOException {
		return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
	}

}
