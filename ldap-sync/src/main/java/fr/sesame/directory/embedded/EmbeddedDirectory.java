package fr.sesame.directory.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.util.function.Consumer;

import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SaltedMessageDigestInMemoryPasswordEncoder;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import fr.sesame.directory.commune.CommuneDirectoryProperties.Embedded;
import fr.sesame.directory.flavour.DirectoryFlavour;

/**
 * An in-process UnboundID directory serving a commune's LDIF on 127.0.0.1, for the demo and tests. The OpenLDAP
 * flavour gets UnboundID's standard schema plus the ppolicy and NIS attributes a real OpenLDAP has; the Active
 * Directory flavour runs without a schema, as AD's attributes (objectGUID, userAccountControl…) are in none, and
 * keeps Active Directory's change numbers and tombstones ({@link ActiveDirectoryChangeNumbers}) so that it can be
 * synchronised incrementally like a domain controller. Passwords may be stored {@code {SSHA}} or in clear text.
 */
public final class EmbeddedDirectory implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(EmbeddedDirectory.class);

	private static final String LOOPBACK = "127.0.0.1";

	private static final String EXTENSIONS_SCHEMA = "openldap-extensions-schema.ldif";

	private final String communeId;

	private final InMemoryDirectoryServer server;

	private EmbeddedDirectory(String communeId, InMemoryDirectoryServer server) {
		this.communeId = communeId;
		this.server = server;
	}

	/**
	 * Loads the LDIF and starts listening.
	 * @param extraBindDn with {@code extraBindPassword}, a service account the server accepts besides the LDIF's
	 * entries (for an embedded commune configured without a secret); both may be {@code null}
	 * @param key the commune's configuration key, for messages
	 */
	public static EmbeddedDirectory start(String communeId, DirectoryFlavour flavour, Embedded embedded,
			ResourceLoader resources, String extraBindDn, String extraBindPassword, String key) {
		return start(communeId, flavour, embedded, resources, extraBindDn, extraBindPassword, key, (config) -> {
		});
	}

	/**
	 * Same, letting the caller add to the server's configuration before it starts (operation interceptors and
	 * access logs, for tests that count binds).
	 */
	public static EmbeddedDirectory start(String communeId, DirectoryFlavour flavour, Embedded embedded,
			ResourceLoader resources, String extraBindDn, String extraBindPassword, String key,
			Consumer<InMemoryDirectoryServerConfig> customizer) {
		InMemoryDirectoryServer server;
		ActiveDirectoryChangeNumbers changeNumbers = null;
		try {
			InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(embedded.baseDn());
			config.setSchema((flavour == DirectoryFlavour.OPENLDAP) ? openLdapSchema() : null);
			config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getByName(LOOPBACK),
					embedded.port(), null));
			config.setPasswordEncoders(new SaltedMessageDigestInMemoryPasswordEncoder("{SSHA}",
					Base64PasswordEncoderOutputFormatter.getInstance(), new PerThreadMessageDigest("SHA-1"), 8, true,
					true));
			config.setVendorName("Sésame embedded directory");
			if (extraBindDn != null && extraBindPassword != null) {
				config.addAdditionalBindCredentials(extraBindDn, extraBindPassword);
			}
			if (flavour == DirectoryFlavour.ACTIVE_DIRECTORY) {
				changeNumbers = new ActiveDirectoryChangeNumbers(embedded.baseDn());
				config.addInMemoryOperationInterceptor(changeNumbers);
				// Active Directory links group members by reference: renames and deletions update the groups.
				config.setReferentialIntegrityAttributes("member");
			}
			customizer.accept(config);
			server = new InMemoryDirectoryServer(config);
		}
		catch (LDAPException | UnknownHostException | NoSuchAlgorithmException ex) {
			throw new IllegalStateException(key + ".embedded: cannot configure the directory (" + ex.getMessage() + ")",
					ex);
		}
		int entries = importLdif(server, resources.getResource(embedded.ldif()), embedded.ldif(), key);
		if (changeNumbers != null) {
			try {
				changeNumbers.attach(server);
			}
			catch (LDAPException ex) {
				throw new IllegalStateException(key + ".embedded: cannot read the loaded uSNChanged values ("
						+ ex.getMessage() + ")", ex);
			}
		}
		try {
			server.startListening();
		}
		catch (LDAPException ex) {
			throw new IllegalStateException(key + ".embedded.port: cannot listen on " + LOOPBACK + ":" + embedded.port()
					+ " (" + ex.getMessage() + ")", ex);
		}
		EmbeddedDirectory directory = new EmbeddedDirectory(communeId, server);
		logger.info("Commune {}: embedded {} directory on {} ({} entries from {})", communeId, flavour, directory.url(),
				entries, embedded.ldif());
		return directory;
	}

	public int port() {
		return this.server.getListenPort();
	}

	/** {@code ldap://127.0.0.1:port}. */
	public String url() {
		return "ldap://" + LOOPBACK + ":" + port();
	}

	/** The server itself, for tests that inspect or change it. */
	public InMemoryDirectoryServer server() {
		return this.server;
	}

	@Override
	public void close() {
		this.server.shutDown(true);
		logger.debug("Commune {}: embedded directory stopped", this.communeId);
	}

	private static int importLdif(InMemoryDirectoryServer server, Resource ldif, String location, String key) {
		if (!ldif.exists()) {
			throw new IllegalStateException(key + ".embedded.ldif: '" + location + "' does not exist");
		}
		try (InputStream in = ldif.getInputStream(); LDIFReader reader = new LDIFReader(in)) {
			return server.importFromLDIF(true, reader);
		}
		catch (IOException | LDAPException ex) {
			throw new IllegalStateException(key + ".embedded.ldif: cannot load '" + location + "' ("
					+ ex.getMessage() + ")", ex);
		}
	}

	private static Schema openLdapSchema() throws LDAPException {
		try (InputStream in = EmbeddedDirectory.class.getResourceAsStream(EXTENSIONS_SCHEMA)) {
			Schema extensions = Schema.getSchema(in);
			return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), extensions);
		}
		catch (IOException | LDIFException ex) {
			throw new IllegalStateException("Cannot read " + EXTENSIONS_SCHEMA, ex);
		}
	}

}
