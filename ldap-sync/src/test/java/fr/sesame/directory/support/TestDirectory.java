package fr.sesame.directory.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;

import org.springframework.core.io.DefaultResourceLoader;

import fr.sesame.directory.commune.CommuneDirectoryProperties.Embedded;
import fr.sesame.directory.embedded.EmbeddedDirectory;
import fr.sesame.directory.flavour.DirectoryFlavour;

/**
 * An in-memory directory on 127.0.0.1 (ephemeral port) loaded from a test fixture, recording every bind and search
 * it receives so that tests can prove what never reached the directory.
 */
public final class TestDirectory implements AutoCloseable {

	public static final String AGENT_PASSWORD = "Motdepasse-1";

	public static final String SERVICE_PASSWORD = "Service-1";

	private final EmbeddedDirectory directory;

	private final Recorder recorder;

	private final DirectoryFlavour flavour;

	private final String baseDn;

	private TestDirectory(EmbeddedDirectory directory, Recorder recorder, DirectoryFlavour flavour, String baseDn) {
		this.directory = directory;
		this.recorder = recorder;
		this.flavour = flavour;
		this.baseDn = baseDn;
	}

	/** {@code directories/openldap-agent-states.ldif} under {@code dc=test-openldap,dc=fr}. */
	public static TestDirectory openLdap() {
		return start(DirectoryFlavour.OPENLDAP, "classpath:directories/openldap-agent-states.ldif",
				"dc=test-openldap,dc=fr");
	}

	/** {@code directories/active-directory-agent-states-nested-groups.ldif} under {@code DC=test-ad,DC=fr}. */
	public static TestDirectory activeDirectory() {
		return start(DirectoryFlavour.ACTIVE_DIRECTORY,
				"classpath:directories/active-directory-agent-states-nested-groups.ldif", "DC=test-ad,DC=fr");
	}

	public static TestDirectory start(DirectoryFlavour flavour, String ldif, String baseDn) {
		return start(flavour, ldif, baseDn, (config) -> {
		});
	}

	/** With a hook on the server's configuration, e.g. to listen with LDAPS or StartTLS. */
	public static TestDirectory start(DirectoryFlavour flavour, String ldif, String baseDn,
			Consumer<InMemoryDirectoryServerConfig> customizer) {
		Recorder recorder = new Recorder();
		EmbeddedDirectory directory = EmbeddedDirectory.start("test", flavour, new Embedded(ldif, baseDn, 0),
				new DefaultResourceLoader(), null, null, "test", (config) -> {
					config.addInMemoryOperationInterceptor(recorder);
					customizer.accept(config);
				});
		return new TestDirectory(directory, recorder, flavour, baseDn);
	}

	public String url() {
		return this.directory.url();
	}

	public EmbeddedDirectory embedded() {
		return this.directory;
	}

	/** A commune configuration pointing at this directory, ready for more keys. */
	public CommuneConfig commune(String id) {
		CommuneConfig config = new CommuneConfig().set("id", id)
			.set("display-name", "Test " + id)
			.set("login-domains[0]", id + ".fr")
			.set("urls[0]", url())
			.set("bind-password", SERVICE_PASSWORD);
		if (this.flavour == DirectoryFlavour.OPENLDAP) {
			return config.set("flavour", "openldap")
				.set("bind-dn", serviceDn())
				.set("user-base", "ou=people," + this.baseDn)
				.set("group-base", "ou=groups," + this.baseDn);
		}
		return config.set("flavour", "active-directory")
			.set("bind-dn", serviceDn())
			.set("user-base", "OU=Agents," + this.baseDn)
			.set("group-base", "OU=Groupes," + this.baseDn);
	}

	/** DNs of every simple bind received, service account included, in order. */
	public List<String> binds() {
		return List.copyOf(this.recorder.binds);
	}

	/** The service account's DN in this directory. */
	public String serviceDn() {
		return (this.flavour == DirectoryFlavour.OPENLDAP) ? "cn=sesame," + this.baseDn : "CN=svc-sesame," + this.baseDn;
	}

	/** Binds with a DN other than the service account's. */
	public List<String> agentBinds() {
		return this.recorder.binds.stream().filter((dn) -> !dn.equalsIgnoreCase(serviceDn())).toList();
	}

	/** Filters of every search received, as the server parsed them. */
	public List<String> searches() {
		return List.copyOf(this.recorder.searches);
	}

	public void forget() {
		this.recorder.binds.clear();
		this.recorder.searches.clear();
	}

	@Override
	public void close() {
		this.directory.close();
	}

	private static final class Recorder extends InMemoryOperationInterceptor {

		private final List<String> binds = new CopyOnWriteArrayList<>();

		private final List<String> searches = new CopyOnWriteArrayList<>();

		@Override
		public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
			this.binds.add(request.getRequest().getBindDN());
		}

		@Override
		public void processSearchRequest(InMemoryInterceptedSearchRequest request) {
			this.searches.add(request.getRequest().getFilter().toString());
		}

	}

}
