package fr.sesame.directory.connector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;

import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustStoreTrustManager;

import fr.sesame.directory.commune.CommuneDirectoryProperties.TrustStore;

/**
 * The TLS socket factory of a commune: its trust store if configured, the JVM's otherwise. Host names are verified by
 * the connection options ({@code HostNameSSLSocketVerifier}), not here.
 */
final class DirectoryTls {

	private DirectoryTls() {
	}

	/** @param key the commune's configuration key, for messages */
	static SSLSocketFactory socketFactory(TrustStore trustStore, String key) {
		SSLUtil ssl;
		if (trustStore != null && "PEM".equalsIgnoreCase(trustStore.type())) {
			ssl = new SSLUtil(pemTrustManager(trustStore, key));
		}
		else if (trustStore != null) {
			char[] password = (trustStore.password() != null) ? trustStore.password().toCharArray() : null;
			String type = trustStore.type().toUpperCase(Locale.ROOT);
			checkReadable(trustStore, password, type, key);
			ssl = new SSLUtil(new TrustStoreTrustManager(trustStore.path(), password, type, true));
		}
		else {
			ssl = new SSLUtil(JVMDefaultTrustManager.getInstance());
		}
		try {
			return ssl.createSSLSocketFactory();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(key + ".trust-store: cannot build a TLS context ("
					+ ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * The JDK's trust manager over the certificates of a PEM file, read now so that a file without any stops the
	 * start with the key.
	 */
	private static X509TrustManager pemTrustManager(TrustStore trustStore, String key) {
		try (InputStream in = Files.newInputStream(Path.of(trustStore.path()))) {
			Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(in);
			if (certificates.isEmpty()) {
				throw new IllegalStateException(key + ".trust-store: no certificate in '" + trustStore.path() + "'");
			}
			KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
			store.load(null, null);
			int n = 0;
			for (Certificate certificate : certificates) {
				store.setCertificateEntry("pem-" + n++, certificate);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(store);
			return (X509TrustManager) factory.getTrustManagers()[0];
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(key + ".trust-store: cannot read '" + trustStore.path()
					+ "' as PEM certificates (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * The trust manager reads its store on the first handshake; read it now so that a wrong password or type stops
	 * the start with the key, instead of making every sign-in of the commune fail later.
	 */
	private static void checkReadable(TrustStore trustStore, char[] password, String type, String key) {
		try (InputStream in = Files.newInputStream(Path.of(trustStore.path()))) {
			KeyStore.getInstance(type).load(in, password);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException(key + ".trust-store: cannot read '" + trustStore.path() + "' as " + type
					+ " (wrong password or type?)");
		}
	}

}
