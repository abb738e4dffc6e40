package fr.sesame.directory.connector;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;

import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.KeyStoreKeyManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.cert.ManageCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.sesame.directory.connector.AuthenticationOutcome.Authenticated;
import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;
import fr.sesame.directory.connector.AuthenticationOutcome.Refused;
import fr.sesame.directory.flavour.DirectoryFlavour;
import fr.sesame.directory.support.CommuneConfig;
import fr.sesame.directory.support.TestDirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ldaps:// and StartTLS with a commune's trust store and host name verification. Connections go to the name
 * {@code localhost}: UnboundID accepts any certificate's name for a loopback IP address, by design.
 */
class DirectoryTlsTest {

	private static final String STORE_PASSWORD = "changeit";

	private static final String OPENLDAP_FIXTURE = "classpath:directories/openldap-agent-states.ldif";

	@TempDir
	static Path stores;

	private static Path trustStore;

	/** Certificate for {@code localhost}: listeners "ldaps" and "starttls". */
	private static TestDirectory localhost;

	/** Certificate for {@code directory.elsewhere.test}, though reached as {@code localhost}. */
	private static TestDirectory elsewhere;

	private static TestDirectory plain;

	@BeforeAll
	static void start() throws Exception {
		Path localhostKeys = selfSigned("localhost");
		Path elsewhereKeys = selfSigned("directory.elsewhere.test");
		trustStore = trustStoreOf(localhostKeys, elsewhereKeys);
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		SSLUtil localhostTls = serverTls(localhostKeys);
		InMemoryListenerConfig ldaps = InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0,
				localhostTls.createSSLServerSocketFactory(), null);
		InMemoryListenerConfig startTls = InMemoryListenerConfig.createLDAPConfig("starttls", loopback, 0,
				localhostTls.createSSLSocketFactory());
		InMemoryListenerConfig elsewhereLdaps = InMemoryListenerConfig.createLDAPSConfig("ldaps", loopback, 0,
				serverTls(elsewhereKeys).createSSLServerSocketFactory(), null);
		localhost = TestDirectory.start(DirectoryFlavour.OPENLDAP, OPENLDAP_FIXTURE, "dc=test-openldap,dc=fr",
				(config) -> listenOn(config, ldaps, startTls));
		elsewhere = TestDirectory.start(DirectoryFlavour.OPENLDAP, OPENLDAP_FIXTURE, "dc=test-openldap,dc=fr",
				(config) -> listenOn(config, elsewhereLdaps));
		plain = TestDirectory.openLdap();
	}

	@AfterAll
	static void stop() {
		localhost.close();
		elsewhere.close();
		plain.close();
	}

	@Test
	void ldapsWithTheCommunesTrustStoreSignsIn() {
		assertThat(signIn(trusting(localhost.commune("tls").set("urls[0]", "ldaps://localhost:" + port(localhost, "ldaps")))))
			.isInstanceOf(Authenticated.class);
	}

	@Test
	void startTlsWithTheCommunesTrustStoreSignsIn() {
		assertThat(signIn(trusting(localhost.commune("tls")
			.set("urls[0]", "ldap://localhost:" + port(localhost, "starttls"))
			.set("transport", "starttls")))).isInstanceOf(Authenticated.class);
	}

	@Test
	void startTlsAgainstADirectoryThatCannotDoItNeverSendsTheServicePassword() {
		plain.forget();

		assertThat(signIn(trusting(plain.commune("tls")
			.set("urls[0]", "ldap://localhost:" + plain.embedded().port())
			.set("transport", "starttls")))).isEqualTo(new Refused(Refusal.DIRECTORY_UNAVAILABLE));
		assertThat(plain.binds()).isEmpty();
	}

	@Test
	void aPemFileOfCertificatesIsATrustStoreToo() throws Exception {
		Path pem = stores.resolve("ca.pem");
		KeyStore server = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(stores.resolve("localhost.p12"))) {
			server.load(in, STORE_PASSWORD.toCharArray());
		}
		Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
					.encodeToString(server.getCertificate("server").getEncoded())
				+ "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);

		assertThat(signIn(localhost.commune("tls")
			.set("urls[0]", "ldaps://localhost:" + port(localhost, "ldaps"))
			.set("trust-store.path", pem.toString())
			.set("trust-store.type", "PEM"))).isInstanceOf(Authenticated.class);
	}

	@Test
	void aPemFileWithoutCertificateStopsTheStartNamingTheKey() throws Exception {
		Path empty = Files.writeString(stores.resolve("empty.pem"), "not a certificate\n");

		assertThatThrownBy(() -> signIn(localhost.commune("tls")
			.set("urls[0]", "ldaps://localhost:" + port(localhost, "ldaps"))
			.set("trust-store.path", empty.toString())
			.set("trust-store.type", "PEM")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("sesame.directory.communes[0].trust-store")
			.hasMessageContaining("empty.pem");
	}

	@Test
	void certificateNamingAnotherHostIsRefused() {
		elsewhere.forget();

		assertThat(signIn(trusting(elsewhere.commune("tls").set("urls[0]", "ldaps://localhost:" + port(elsewhere, "ldaps")))))
			.isEqualTo(new Refused(Refusal.DIRECTORY_UNAVAILABLE));
		assertThat(elsewhere.binds()).isEmpty();
	}

	@Test
	void certificateTheJvmDoesNotTrustIsRefused() {
		assertThat(signIn(localhost.commune("tls").set("urls[0]", "ldaps://localhost:" + port(localhost, "ldaps"))))
			.isEqualTo(new Refused(Refusal.DIRECTORY_UNAVAILABLE));
	}

	private static AuthenticationOutcome signIn(CommuneConfig commune) {
		try (DirectoryConnector connector = commune.connector()) {
			return connector.authenticate("hlefevre", TestDirectory.AGENT_PASSWORD);
		}
	}

	private static CommuneConfig trusting(CommuneConfig commune) {
		return commune.set("trust-store.path", trustStore.toString()).set("trust-store.password", STORE_PASSWORD);
	}

	private static int port(TestDirectory directory, String listener) {
		return directory.embedded().server().getListenPort(listener);
	}

	private static Path selfSigned(String host) {
		Path keyStore = stores.resolve(host + ".p12");
		OutputStream quiet = new ByteArrayOutputStream();
		ResultCode generated = ManageCertificates.main(null, quiet, quiet, "generate-self-signed-certificate",
				"--keystore", keyStore.toString(), "--keystore-password", STORE_PASSWORD, "--keystore-type", "PKCS12",
				"--alias", "server", "--subject-dn", "CN=" + host, "--subject-alternative-name-dns", host,
				"--days-valid", "2", "--key-algorithm", "EC", "--key-length-bits", "256", "--signature-algorithm",
				"SHA256withECDSA");
		assertThat(generated).isEqualTo(ResultCode.SUCCESS);
		return keyStore;
	}

	private static SSLUtil serverTls(Path keyStore) throws Exception {
		return new SSLUtil(new KeyStoreKeyManager(keyStore.toFile(), STORE_PASSWORD.toCharArray(), "PKCS12", "server"),
				null);
	}

	/** A trust store holding the servers' certificates and no private key. */
	private static Path trustStoreOf(Path... keyStores) throws Exception {
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, STORE_PASSWORD.toCharArray());
		for (Path keyStore : keyStores) {
			KeyStore server = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(keyStore)) {
				server.load(in, STORE_PASSWORD.toCharArray());
			}
			trust.setCertificateEntry(keyStore.getFileName().toString(), server.getCertificate("server"));
		}
		Path path = stores.resolve("trust.p12");
		try (OutputStream out = Files.newOutputStream(path)) {
			trust.store(out, STORE_PASSWORD.toCharArray());
		}
		return path;
	}

	private static void listenOn(InMemoryDirectoryServerConfig config, InMemoryListenerConfig... listeners) {
		try {
			config.setListenerConfigs(listeners);
		}
		catch (LDAPException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
