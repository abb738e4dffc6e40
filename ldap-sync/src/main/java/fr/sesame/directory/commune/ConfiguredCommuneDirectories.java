package fr.sesame.directory.commune;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.sesame.directory.connector.DirectoryConnector;
import fr.sesame.directory.flavour.DirectoryFlavour;

/**
 * The communes of the configuration and their connectors, in configuration order. Routes what an agent typed to a
 * commune and closes every connector on shutdown.
 */
public final class ConfiguredCommuneDirectories implements CommuneDirectories, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ConfiguredCommuneDirectories.class);

	private final Map<String, CommuneDirectory> byId = new LinkedHashMap<>();

	private final Map<String, CommuneDirectory> byDomain = new LinkedHashMap<>();

	private final Map<String, CommuneDirectory> byNetbiosDomain = new LinkedHashMap<>();

	private final List<Commune> communes;

	/**
	 * A commune's connector, the flavour that says how {@code login@domain} is searched, and the pre-Windows 2000
	 * domain name that routes {@code DOMAIN\login} here (null when none).
	 */
	public record CommuneDirectory(DirectoryFlavour flavour, DirectoryConnector connector, String netbiosDomain) {

		public CommuneDirectory(DirectoryFlavour flavour, DirectoryConnector connector) {
			this(flavour, connector, null);
		}

	}

	public ConfiguredCommuneDirectories(List<CommuneDirectory> directories) {
		List<Commune> ordered = new ArrayList<>();
		for (CommuneDirectory directory : directories) {
			Commune commune = directory.connector().commune();
			if (this.byId.putIfAbsent(commune.id(), directory) != null) {
				throw new IllegalArgumentException("Duplicate commune id " + commune.id());
			}
			for (String domain : commune.loginDomains()) {
				if (this.byDomain.putIfAbsent(domain.toLowerCase(Locale.ROOT), directory) != null) {
					throw new IllegalArgumentException("Login domain " + domain + " belongs to two communes");
				}
			}
			if (directory.netbiosDomain() != null && this.byNetbiosDomain
				.putIfAbsent(directory.netbiosDomain().toLowerCase(Locale.ROOT), directory) != null) {
				throw new IllegalArgumentException("NetBIOS domain " + directory.netbiosDomain() + " belongs to two communes");
			}
			ordered.add(commune);
		}
		this.communes = Collections.unmodifiableList(ordered);
	}

	@Override
	public Collection<Commune> communes() {
		return this.communes;
	}

	@Override
	public Optional<DirectoryConnector> connector(String communeId) {
		return Optional.ofNullable(communeId).map(this.byId::get).map(CommuneDirectory::connector);
	}

	@Override
	public Optional<CommuneLogin> resolve(String typedLogin, String pickedCommuneId) {
		if (typedLogin == null) {
			return Optional.empty();
		}
		String login = typedLogin.strip();
		if (login.isEmpty()) {
			return Optional.empty();
		}
		int at = login.lastIndexOf('@');
		if (at < 0) {
			Optional<CommuneLogin> downLevel = downLevel(login);
			if (downLevel.isPresent()) {
				return downLevel;
			}
			return Optional.ofNullable(pickedCommuneId)
				.map(this.byId::get)
				.map((directory) -> new CommuneLogin(directory.connector().commune(), login));
		}
		if (at == 0 || at == login.length() - 1) {
			return Optional.empty();
		}
		// The domain decides, whatever commune was picked: the agent said where they belong.
		CommuneDirectory directory = this.byDomain.get(login.substring(at + 1).toLowerCase(Locale.ROOT));
		if (directory == null) {
			return Optional.empty();
		}
		String directoryLogin = directory.flavour().keepsDomainInLogin() ? login : login.substring(0, at);
		return Optional.of(new CommuneLogin(directory.connector().commune(), directoryLogin));
	}

	/**
	 * {@code MONTCLAIR\jdupont}, Windows' down-level logon name, when {@code MONTCLAIR} is a commune's NetBIOS
	 * domain: that commune, whatever was picked, and the login alone ({@code sAMAccountName}). Anything else with a
	 * backslash is a login like any other.
	 */
	private Optional<CommuneLogin> downLevel(String login) {
		int backslash = login.indexOf('\\');
		if (backslash <= 0 || backslash == login.length() - 1 || login.indexOf('\\', backslash + 1) >= 0) {
			return Optional.empty();
		}
		CommuneDirectory directory = this.byNetbiosDomain.get(login.substring(0, backslash).toLowerCase(Locale.ROOT));
		String account = login.substring(backslash + 1);
		return Optional.ofNullable(directory).map((found) -> new CommuneLogin(found.connector().commune(), account));
	}

	@Override
	public void close() {
		for (CommuneDirectory directory : this.byId.values()) {
			try {
				directory.connector().close();
			}
			catch (RuntimeException ex) {
				logger.warn("Commune {}: closing its directory connector failed", directory.connector().commune().id(),
						ex);
			}
		}
	}

}
