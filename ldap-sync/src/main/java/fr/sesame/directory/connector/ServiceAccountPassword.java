package fr.sesame.directory.connector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import fr.sesame.directory.commune.CommuneDirectoryProperties;

/**
 * The service account's secret, from {@code bind-password} or {@code bind-password-file}. Errors name the key and
 * the file, never the content.
 */
public final class ServiceAccountPassword {

	private ServiceAccountPassword() {
	}

	/**
	 * @param key the commune's key, e.g. {@code sesame.directory.communes[0]}, for messages
	 * @return empty only for an embedded directory configured without a secret
	 */
	public static Optional<String> read(CommuneDirectoryProperties properties, String key) {
		if (properties.hasBindPassword()) {
			return Optional.of(properties.bindPassword());
		}
		if (!properties.hasBindPasswordFile()) {
			return Optional.empty();
		}
		String content;
		try {
			content = Files.readString(Path.of(properties.bindPasswordFile()), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(key + ".bind-password-file: cannot read '" + properties.bindPasswordFile()
					+ "' (" + ex.getClass().getSimpleName() + ")");
		}
		// Secrets mounted from files usually end with a newline that is not part of the password.
		String password = content.replaceAll("[\\r\\n]+$", "");
		if (password.isEmpty()) {
			throw new IllegalStateException(
					key + ".bind-password-file: '" + properties.bindPasswordFile() + "' is empty");
		}
		return Optional.of(password);
	}

}
