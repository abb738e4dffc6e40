package fr.sesame.directory.commune;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sesame.directory}: the communes and their directories, in display order. Checked at startup: a bad value
 * stops the application with the key's full path and what was expected.
 *
 * @param communes one entry per commune; ids and login domains are unique across communes
 */
@ConfigurationProperties("sesame.directory")
@Validated
@ConsistentCommunes
public record DirectoryProperties(@DefaultValue List<@Valid CommuneDirectoryProperties> communes) {

	/** The prefix every key of this tree starts with, for messages. */
	public static final String PREFIX = "sesame.directory";

	public DirectoryProperties {
		communes = (communes != null) ? List.copyOf(communes) : List.of();
	}

	/** The full key of a commune's entry, e.g. {@code sesame.directory.communes[1]}. */
	public static String communeKey(int index) {
		return PREFIX + ".communes[" + index + "]";
	}

}
