package fr.sesame.directory.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.net.ssl.SSLSocketFactory;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;

/**
 * A real Active Directory domain controller for tests: Debian's Samba ({@code /usr/sbin/samba}, installed by
 * {@code .ci/run}), provisioned by {@code samba-tool} in a temporary folder (domain {@code montclair.test}, with
 * its DNS partitions, as a Windows domain has) and started with its LDAP service only, on 127.0.0.1:389 and :636 — a
 * domain controller's ports cannot be moved, so one runs at a time. As on Windows, simple binds need TLS (Samba's
 * {@code ldap server require strong auth}); the certificate is the one Samba generates at its first start, trusted
 * through {@link #trustStore()}. Stopped and deleted on close.
 */
public final class SambaDomainController implements AutoCloseable {

	public static final Path SAMBA = Path.of("/usr/sbin/samba");

	public static final Path SAMBA_TOOL = Path.of("/usr/bin/samba-tool");

	public static final String BASE = "DC=montclair,DC=test";

	public static final String ADMIN_DN = "CN=Administrator,CN=Users," + BASE;

	public static final String ADMIN_PASSWORD = "Samba-Admin-1";

	public static final String TRUST_STORE_PASSWORD = "samba-ca";

	/** Where {@link #start()} puts agents, groups and Sésame's service account. */
	public static final String AGENTS = "OU=Agents," + BASE;

	public static final String GROUPS = "OU=Groupes," + BASE;

	public static final String SERVICE_DN = "CN=Service Sésame,OU=Services," + BASE;

	public static final String SERVICE_PASSWORD = "Service-Secret-1";

	private static final String HOST = "127.0.0.1";

	private final Process process;

	private final Path folder;

	private SambaDomainController(Process process, Path folder) {
		this.process = process;
		this.folder = folder;
	}

	public static boolean installed() {
		return Files.isExecutable(SAMBA) && Files.isExecutable(SAMBA_TOOL);
	}

	/**
	 * Provisions a new domain, starts its domain controller (about 10 s) and adds the organizational units
	 * {@link #AGENTS} and {@link #GROUPS} and a service account, a plain user as a commune would create for Sésame.
	 */
	public static SambaDomainController start() {
		// A failure, not a skip: CI installs samba, and an Active Directory test that does not run must not pass unseen.
		if (!installed()) {
			throw new AssertionError("/usr/sbin/samba is absent: install Debian's samba (.ci/run does) to run the "
					+ "Active Directory tests");
		}
		for (int port : new int[] { 389, 636 }) {
			if (listening(port)) {
				throw new IllegalStateException("127.0.0.1:" + port + " is taken (a directory server already runs "
						+ "here?): the Samba domain controller of the Active Directory tests needs ports 389 and 636");
			}
		}
		try {
			Path folder = Files.createTempDirectory("sesame-samba-");
			Files.createDirectories(folder.resolve("run"));
			run(folder, SAMBA_TOOL.toString(), "domain", "provision", "--targetdir=" + folder, "--realm=MONTCLAIR.TEST",
					"--domain=MONTCLAIR", "--server-role=dc", "--dns-backend=SAMBA_INTERNAL", "--host-name=dc1",
					"--host-ip=" + HOST, "--adminpass=" + ADMIN_PASSWORD, "--option=interfaces=" + HOST,
					"--option=bind interfaces only=yes", "--option=server services=ldap",
					"--option=pid directory=" + folder.resolve("run"),
					"--option=log file=" + folder.resolve("samba.log"));
			Process process = new ProcessBuilder(SAMBA.toString(), "-i", "-s",
					folder.resolve("etc/smb.conf").toString())
				.redirectErrorStream(true)
				.redirectOutput(folder.resolve("samba.out").toFile())
				.start();
			SambaDomainController controller = new SambaDomainController(process, folder);
			try {
				controller.awaitTls();
				controller.addOrganizationalUnit("Services");
				controller.addOrganizationalUnit("Agents");
				controller.addOrganizationalUnit("Groupes");
				controller.addUser("OU=Services," + BASE, "svc-sesame", "Service", "Sésame", SERVICE_PASSWORD);
				return controller;
			}
			catch (LDAPException | RuntimeException ex) {
				// No domain controller left running behind a failed start.
				controller.close();
				throw new IllegalStateException("cannot prepare the domain: " + ex.getMessage(), ex);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Commune {@code montclair} ({@code montclair.fr}) on this domain controller with the {@code active-directory}
	 * flavour's defaults, over StartTLS.
	 */
	public CommuneConfig commune() {
		return new CommuneConfig().set("id", "montclair")
			.set("display-name", "Montclair")
			.set("login-domains[0]", "montclair.fr")
			.set("flavour", "active-directory")
			.set("urls[0]", url())
			.set("transport", "starttls")
			.set("trust-store.path", trustStore().toString())
			.set("trust-store.password", TRUST_STORE_PASSWORD)
			.set("bind-dn", SERVICE_DN)
			.set("bind-password", SERVICE_PASSWORD)
			.set("user-base", AGENTS)
			.set("group-base", GROUPS);
	}

	/** StartTLS on the LDAP port. */
	public String url() {
		return "ldap://" + HOST + ":389";
	}

	public String ldapsUrl() {
		return "ldaps://" + HOST + ":636";
	}

	/** The certificate authority Samba generated at its first start, as the PEM file it wrote. */
	public Path certificateAuthority() {
		return this.folder.resolve("private/tls/ca.pem");
	}

	/** A PKCS12 store holding Samba's certificate authority ({@link #TRUST_STORE_PASSWORD}). */
	public Path trustStore() {
		return this.folder.resolve("trust.p12");
	}

	/** A connection bound as the domain's Administrator over LDAPS. */
	public LDAPConnection admin() throws LDAPException {
		LDAPConnection connection = new LDAPConnection(socketFactory(), options(), HOST, 636);
		try {
			connection.bind(ADMIN_DN, ADMIN_PASSWORD);
			return connection;
		}
		catch (LDAPException ex) {
			connection.close();
			throw ex;
		}
	}

	/** Adds an organizational unit under the domain. */
	public String addOrganizationalUnit(String name) throws LDAPException {
		String dn = "OU=" + name + "," + BASE;
		try (LDAPConnection admin = admin()) {
			admin.add(dn, new Attribute("objectClass", "organizationalUnit"));
		}
		return dn;
	}

	/**
	 * Adds an enabled user with a password, as a commune's administrator would (over LDAPS: AD sets
	 * {@code unicodePwd} only on an encrypted connection).
	 */
	public String addUser(String parent, String sAMAccountName, String givenName, String familyName,
			String password, Attribute... extra) throws LDAPException {
		String cn = givenName + " " + familyName;
		String dn = "CN=" + cn + "," + parent;
		List<Attribute> attributes = new ArrayList<>(List.of(new Attribute("objectClass", "user"),
				new Attribute("sAMAccountName", sAMAccountName), new Attribute("givenName", givenName),
				new Attribute("sn", familyName), new Attribute("displayName", cn),
				new Attribute("unicodePwd", unicodePassword(password)), new Attribute("userAccountControl", "512")));
		attributes.addAll(List.of(extra));
		try (LDAPConnection admin = admin()) {
			admin.add(dn, attributes);
		}
		return dn;
	}

	/** Adds a global security group with these members (DNs of users or groups). */
	public String addGroup(String parent, String name, String... members) throws LDAPException {
		String dn = "CN=" + name + "," + parent;
		List<Attribute> attributes = new ArrayList<>(List.of(new Attribute("objectClass", "group"),
				new Attribute("sAMAccountName", name)));
		if (members.length > 0) {
			attributes.add(new Attribute("member", members));
		}
		try (LDAPConnection admin = admin()) {
			admin.add(dn, attributes);
		}
		return dn;
	}

	public void modify(String dn, Modification... modifications) throws LDAPException {
		try (LDAPConnection admin = admin()) {
			admin.modify(dn, modifications);
		}
	}

	public void replace(String dn, String attribute, String... values) throws LDAPException {
		modify(dn, new Modification(ModificationType.REPLACE, attribute, values));
	}

	/** What AD wants in {@code unicodePwd}: the password in double quotes, in UTF-16LE. */
	public static byte[] unicodePassword(String password) {
		return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
	}

	@Override
	public void close() {
		// The prefork children leave with their parent; destroying them too leaves nothing behind if it does not.
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		children.forEach(ProcessHandle::destroyForcibly);
		try (Stream<Path> files = Files.walk(this.folder)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary folder left behind is no failure.
		}
	}

	/** Waits for Samba to answer over LDAPS, then writes the trust store from the authority it generated. */
	private void awaitTls() {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		Path authority = certificateAuthority();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("samba exited: " + log());
			}
			if (Files.exists(authority) && listening(636)) {
				try {
					writeTrustStore(authority);
					try (LDAPConnection admin = admin()) {
						return;
					}
				}
				catch (LDAPException | IOException | GeneralSecurityException | RuntimeException notYet) {
					// The certificate file may be half written, or the LDAP server not serving yet.
				}
			}
			sleep(200);
		}
		throw new IllegalStateException("samba does not serve LDAPS after 60 s: " + log());
	}

	private void writeTrustStore(Path authority) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		try (InputStream in = Files.newInputStream(authority)) {
			Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
			store.setCertificateEntry("samba-ca", certificate);
		}
		try (OutputStream out = Files.newOutputStream(trustStore())) {
			store.store(out, TRUST_STORE_PASSWORD.toCharArray());
		}
	}

	private SSLSocketFactory socketFactory() throws LDAPException {
		try {
			return new SSLUtil(new TrustStoreTrustManager(trustStore().toFile(), TRUST_STORE_PASSWORD.toCharArray(),
					"PKCS12", true))
				.createSSLSocketFactory();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static LDAPConnectionOptions options() {
		LDAPConnectionOptions options = new LDAPConnectionOptions();
		options.setConnectTimeoutMillis(5000);
		options.setResponseTimeoutMillis(30000);
		return options;
	}

	private static void run(Path folder, String... command) throws IOException {
		Path output = folder.resolve("provision.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		try {
			if (!process.waitFor(120, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("samba-tool did not finish in 120 s: " + Files.readString(output));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		if (process.exitValue() != 0) {
			throw new IllegalStateException("samba-tool failed: " + Files.readString(output));
		}
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private String log() {
		try {
			return Files.readString(this.folder.resolve("samba.out"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
