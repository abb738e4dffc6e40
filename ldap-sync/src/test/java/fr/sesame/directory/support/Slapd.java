package fr.sesame.directory.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;

import org.springframework.core.io.DefaultResourceLoader;

/**
 * Debian's OpenLDAP server ({@code /usr/sbin/slapd}, installed by {@code .ci/run}) started by a test on a free
 * loopback port, with its own configuration and an mdb database in a temporary folder, the syncprov overlay (content
 * synchronisation, with a session log) and a service account {@code cn=sesame,<suffix>} without size limits. Stopped
 * and deleted on close. Entries of the LDIF are added over LDAP as the root DN, their operational attributes
 * (entryUUID…) left to the server.
 */
public final class Slapd implements AutoCloseable {

	public static final Path BINARY = Path.of("/usr/sbin/slapd");

	public static final String ROOT_PASSWORD = "slapd-root-secret";

	private final Process process;

	private final Path folder;

	private final int port;

	private final String suffix;

	private Slapd(Process process, Path folder, int port, String suffix) {
		this.process = process;
		this.folder = folder;
		this.port = port;
		this.suffix = suffix;
	}

	public static boolean installed() {
		return Files.isExecutable(BINARY);
	}

	/** Starts slapd for {@code suffix} and loads {@code ldif} (a Spring resource location). */
	public static Slapd start(String suffix, String ldif) {
		return start(suffix, ldif, true);
	}

	/**
	 * The same; without a session log, syncprov cannot list deletions and answers with the present phase (every
	 * entry still there).
	 */
	public static Slapd start(String suffix, String ldif, boolean sessionLog) {
		return start(suffix, ldif, sessionLog, false);
	}

	/**
	 * With the password policy overlay (ppolicy) as well, its default policy being
	 * {@code cn=default,ou=policies,<suffix>}, which the test adds; locked accounts are told as such
	 * ({@code ppolicy_use_lockout}).
	 */
	public static Slapd withPasswordPolicy(String suffix, String ldif) {
		return start(suffix, ldif, true, true);
	}

	private static Slapd start(String suffix, String ldif, boolean sessionLog, boolean passwordPolicy) {
		// A failure, not a skip: CI installs slapd, and an OpenLDAP test that does not run must not pass unseen.
		if (!installed()) {
			throw new AssertionError(BINARY + " is absent: install Debian's slapd (.ci/run does) to run the OpenLDAP "
					+ "tests");
		}
		try {
			Path folder = Files.createTempDirectory("sesame-slapd-");
			Files.createDirectories(folder.resolve("data"));
			int port = LoopbackPorts.free();
			Files.writeString(folder.resolve("slapd.conf"), configuration(suffix, folder, sessionLog, passwordPolicy),
					StandardCharsets.UTF_8);
			Process process = new ProcessBuilder(BINARY.toString(), "-f", folder.resolve("slapd.conf").toString(), "-h",
					"ldap://127.0.0.1:" + port + "/", "-d", "0")
				.redirectErrorStream(true)
				.redirectOutput(folder.resolve("slapd.log").toFile())
				.start();
			Slapd slapd = new Slapd(process, folder, port, suffix);
			slapd.awaitListening();
			slapd.load(ldif);
			return slapd;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "ldap://127.0.0.1:" + this.port;
	}

	/**
	 * Commune {@code valdore} on this slapd, for a directory loaded from {@code directories/sync-openldap.ldif}: its
	 * service account {@code cn=sesame}, {@code ou=people} and {@code ou=groups}.
	 */
	public CommuneConfig valdore() {
		return new CommuneConfig().set("id", "valdore")
			.set("display-name", "Valdoré")
			.set("login-domains[0]", "valdore.fr")
			.set("flavour", "openldap")
			.set("urls[0]", url())
			.set("bind-dn", "cn=sesame," + this.suffix)
			.set("bind-password", "Service-1")
			.set("user-base", "ou=people," + this.suffix)
			.set("group-base", "ou=groups," + this.suffix);
	}

	/** A connection bound as the root DN, to change the directory as its administrator would. */
	public LDAPConnection admin() throws LDAPException {
		return new LDAPConnection("127.0.0.1", this.port, rootDn(), ROOT_PASSWORD);
	}

	public String rootDn() {
		return "cn=admin," + this.suffix;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(Duration.ofSeconds(5).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(this.folder)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary folder left behind is no failure.
		}
	}

	private static String configuration(String suffix, Path folder, boolean sessionLog, boolean passwordPolicy) {
		return String.join("\n", "include /etc/ldap/schema/core.schema", "include /etc/ldap/schema/cosine.schema",
				"include /etc/ldap/schema/inetorgperson.schema", "include /etc/ldap/schema/nis.schema",
				"modulepath /usr/lib/ldap", "moduleload back_mdb", "moduleload syncprov",
				passwordPolicy ? "moduleload ppolicy" : "", "pidfile " + folder.resolve("slapd.pid"),
				"argsfile " + folder.resolve("slapd.args"), "database mdb",
				"suffix \"" + suffix + "\"", "rootdn \"cn=admin," + suffix + "\"", "rootpw " + ROOT_PASSWORD,
				"directory " + folder.resolve("data"), "maxsize 67108864", "index objectClass eq",
				"index entryUUID,entryCSN eq", "index uid,member eq",
				"limits dn.exact=\"cn=sesame," + suffix + "\" size=unlimited time=unlimited",
				"access to dn.base=\"\" by * read", "access to attrs=userPassword by anonymous auth by * none",
				"access to * by users read by anonymous auth", "overlay syncprov", "syncprov-checkpoint 100 10",
				sessionLog ? "syncprov-sessionlog 1000" : "",
				passwordPolicy ? "overlay ppolicy\nppolicy_default \"cn=default,ou=policies," + suffix
						+ "\"\nppolicy_use_lockout" : "",
				"");
	}

	private void awaitListening() {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("slapd exited: " + log());
			}
			try (LDAPConnection connection = new LDAPConnection("127.0.0.1", this.port)) {
				return;
			}
			catch (LDAPException notYet) {
				try {
					Thread.sleep(50);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
			}
		}
		throw new IllegalStateException("slapd does not listen after 15 s: " + log());
	}

	private void load(String ldif) {
		try (InputStream in = new DefaultResourceLoader().getResource(ldif).getInputStream();
				LDIFReader reader = new LDIFReader(in);
				LDAPConnection admin = admin()) {
			Entry entry;
			while ((entry = reader.readEntry()) != null) {
				entry.removeAttribute("entryUUID");
				admin.add(entry);
			}
		}
		catch (IOException | LDIFException | LDAPException ex) {
			throw new IllegalStateException("cannot load " + ldif + " into slapd: " + ex.getMessage(), ex);
		}
	}

	private String log() {
		try {
			return Files.readString(this.folder.resolve("slapd.log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

}
