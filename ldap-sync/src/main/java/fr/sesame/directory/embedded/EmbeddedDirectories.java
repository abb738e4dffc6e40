package fr.sesame.directory.embedded;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.core.io.ResourceLoader;

import fr.sesame.directory.commune.CommuneDirectoryProperties;
import fr.sesame.directory.commune.DirectoryProperties;

/**
 * The embedded directories of the configuration, started before any connector so that connectors can point at them.
 */
public final class EmbeddedDirectories implements AutoCloseable {

	private final Map<String, EmbeddedDirectory> byCommune;

	private final Map<String, String> generatedPasswords;

	private EmbeddedDirectories(Map<String, EmbeddedDirectory> byCommune, Map<String, String> generatedPasswords) {
		this.byCommune = byCommune;
		this.generatedPasswords = generatedPasswords;
	}

	/**
	 * Starts one directory per commune that has {@code embedded}, concurrently (loading an LDIF is most of a demo's
	 * startup), and stops those already started if one fails.
	 */
	public static EmbeddedDirectories start(DirectoryProperties properties, ResourceLoader resources) {
		Map<String, CompletableFuture<EmbeddedDirectory>> starting = new LinkedHashMap<>();
		Map<String, String> generated = new LinkedHashMap<>();
		List<CommuneDirectoryProperties> communes = properties.communes();
		ExecutorService threads = Executors.newCachedThreadPool();
		try {
			for (int i = 0; i < communes.size(); i++) {
				CommuneDirectoryProperties commune = communes.get(i);
				if (commune.embedded() == null) {
					continue;
				}
				String extraPassword = null;
				if (!commune.hasBindPassword() && !commune.hasBindPasswordFile()) {
					// No secret configured: the server and the connector share a random one, known to no one else.
					extraPassword = randomSecret();
					generated.put(commune.id(), extraPassword);
				}
				String password = extraPassword;
				String key = DirectoryProperties.communeKey(i);
				starting.put(commune.id(), CompletableFuture.supplyAsync(() -> EmbeddedDirectory.start(commune.id(),
						commune.flavour(), commune.embedded(), resources, commune.bindDn(), password, key), threads));
			}
			Map<String, EmbeddedDirectory> started = new LinkedHashMap<>();
			RuntimeException failure = null;
			for (Map.Entry<String, CompletableFuture<EmbeddedDirectory>> entry : starting.entrySet()) {
				try {
					started.put(entry.getKey(), entry.getValue().join());
				}
				catch (CompletionException ex) {
					failure = (failure != null) ? failure : unwrap(ex);
				}
			}
			if (failure != null) {
				started.values().forEach(EmbeddedDirectory::close);
				throw failure;
			}
			return new EmbeddedDirectories(started, generated);
		}
		finally {
			threads.shutdown();
		}
	}

	private static RuntimeException unwrap(CompletionException ex) {
		return (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
	}

	public Optional<EmbeddedDirectory> directory(String communeId) {
		return Optional.ofNullable(this.byCommune.get(communeId));
	}

	/** The random service-account secret of an embedded commune configured without one. */
	public Optional<String> generatedServicePassword(String communeId) {
		return Optional.ofNullable(this.generatedPasswords.get(communeId));
	}

	@Override
	public void close() {
		this.byCommune.values().forEach(EmbeddedDirectory::close);
	}

	@Override
	public String toString() {
		return "EmbeddedDirectories" + this.byCommune.keySet();
	}

	private static String randomSecret() {
		byte[] bytes = new byte[24];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
