package fr.sesame.directory.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;

import fr.sesame.directory.commune.CommuneDirectoryProperties.Embedded;
import fr.sesame.directory.demo.DemoLdifGenerator;
import fr.sesame.directory.flavour.DirectoryFlavour;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class EmbeddedDirectoryTest {

	private static final Embedded RIVEBELLE = new Embedded("classpath:demo/rivebelle.ldif", "dc=rivebelle,dc=fr", 0);

	@Test
	void concurrentBindsWithHashedPasswordsAreAllAccepted() throws Exception {
		int threads = 8;
		AtomicInteger refused = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try (EmbeddedDirectory directory = start(RIVEBELLE)) {
			List<Future<?>> binds = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				binds.add(pool.submit(() -> {
					try (LDAPConnection connection = new LDAPConnection("127.0.0.1", directory.port())) {
						for (int i = 0; i < 250; i++) {
							try {
								connection.bind("uid=jdupont,ou=people,dc=rivebelle,dc=fr",
										DemoLdifGenerator.AGENT_PASSWORD);
							}
							catch (LDAPException ex) {
								refused.incrementAndGet();
							}
						}
					}
					return null;
				}));
			}
			for (Future<?> bind : binds) {
				bind.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(refused).hasValue(0);
	}

	@Test
	void listensOnLoopbackOnly() {
		try (EmbeddedDirectory directory = start(RIVEBELLE)) {
			assertThat(directory.url()).isEqualTo("ldap://127.0.0.1:" + directory.port());
			assertThat(directory.server().getListenAddress(null)).isEqualTo(InetAddress.getLoopbackAddress());
		}
	}

	@Test
	void hashedPasswordsAcceptTheDemoPasswordOnly() throws Exception {
		try (EmbeddedDirectory directory = start(RIVEBELLE);
				LDAPConnection connection = new LDAPConnection("127.0.0.1", directory.port())) {
			assertThat(connection.bind("uid=jdupont,ou=people,dc=rivebelle,dc=fr", DemoLdifGenerator.AGENT_PASSWORD)
				.getResultCode()).isEqualTo(ResultCode.SUCCESS);
			assertThatExceptionOfType(LDAPException.class)
				.isThrownBy(() -> connection.bind("uid=jdupont,ou=people,dc=rivebelle,dc=fr", "Sesame-Demo-2025"))
				.satisfies((ex) -> assertThat(ex.getResultCode()).isEqualTo(ResultCode.INVALID_CREDENTIALS));
		}
	}

	@Test
	void portAlreadyTakenFailsNamingTheKey() throws IOException {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
			Embedded onTakenPort = new Embedded("classpath:demo/rivebelle.ldif", "dc=rivebelle,dc=fr",
					taken.getLocalPort());

			assertThatIllegalStateException().isThrownBy(() -> start(onTakenPort))
				.withMessageStartingWith("sesame.directory.communes[0].embedded.port: cannot listen on 127.0.0.1:"
						+ taken.getLocalPort());
		}
	}

	@Test
	void ldifThatBreaksTheSchemaFailsNamingTheKey() {
		Embedded montclairAsOpenLdap = new Embedded("classpath:demo/montclair.ldif", "DC=montclair,DC=fr", 0);

		assertThatIllegalStateException().isThrownBy(() -> start(montclairAsOpenLdap))
			.withMessageStartingWith("sesame.directory.communes[0].embedded.ldif: cannot load 'classpath:demo/montclair.ldif'");
	}

	private static EmbeddedDirectory start(Embedded embedded) {
		return EmbeddedDirectory.start("rivebelle", DirectoryFlavour.OPENLDAP, embedded, new DefaultResourceLoader(),
				null, null, "sesame.directory.communes[0]");
	}

}
