package fr.sesame.directory.commune;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import fr.sesame.directory.commune.CommuneDirectoryProperties.Transport;
import fr.sesame.directory.flavour.GroupMembers;

/**
 * Checks {@link ConsistentCommunes}. Messages start with the full key (for example
 * {@code sesame.directory.communes[1].login-domains}) because they are about how two keys relate, which no single
 * field constraint can say.
 */
final class ConsistentCommunesValidator implements ConstraintValidator<ConsistentCommunes, DirectoryProperties> {

	@Override
	public boolean isValid(DirectoryProperties properties, ConstraintValidatorContext context) {
		if (properties == null) {
			return true;
		}
		Violations violations = new Violations(context);
		List<CommuneDirectoryProperties> communes = properties.communes();
		Map<String, Integer> ids = new HashMap<>();
		Map<String, Integer> domains = new HashMap<>();
		Map<String, Integer> netbiosDomains = new HashMap<>();
		Map<Integer, Integer> ports = new HashMap<>();
		for (int i = 0; i < communes.size(); i++) {
			CommuneDirectoryProperties commune = communes.get(i);
			if (commune == null) {
				continue;
			}
			if (commune.id() != null) {
				Integer first = ids.putIfAbsent(commune.id(), i);
				if (first != null) {
					violations.add(i, "id", "id", "'" + commune.id() + "' is already the id of "
							+ DirectoryProperties.communeKey(first) + "; ids must be unique");
				}
			}
			for (String domain : commune.loginDomains()) {
				if (domain == null) {
					continue;
				}
				Integer first = domains.putIfAbsent(domain.toLowerCase(Locale.ROOT), i);
				if (first != null && first != i) {
					violations.add(i, "loginDomains", "login-domains", "'" + domain + "' is already a login domain of "
							+ DirectoryProperties.communeKey(first) + "; a domain routes to one commune only");
				}
			}
			if (commune.netbiosDomain() != null) {
				Integer first = netbiosDomains.putIfAbsent(commune.netbiosDomain().toLowerCase(Locale.ROOT), i);
				if (first != null) {
					violations.add(i, "netbiosDomain", "netbios-domain", "'" + commune.netbiosDomain()
							+ "' is already the netbios-domain of " + DirectoryProperties.communeKey(first));
				}
			}
			checkSecret(violations, i, commune);
			checkUrls(violations, i, commune);
			checkTrustStore(violations, i, commune);
			if (Boolean.TRUE.equals(commune.nestedGroups()) && commune.flavour() != null
					&& commune.effectiveGroupMembers() == GroupMembers.LOGIN) {
				violations.add(i, "nestedGroups", "nested-groups", "needs groups that list their members by DN "
						+ "(group-members: dn): a group that lists logins (memberUid) cannot hold another group");
			}
			if (commune.embedded() != null && commune.embedded().port() != 0) {
				Integer first = ports.putIfAbsent(commune.embedded().port(), i);
				if (first != null) {
					violations.add(i, "embedded", "embedded.port", commune.embedded().port() + " is already the port of "
							+ DirectoryProperties.communeKey(first) + ".embedded");
				}
			}
		}
		return violations.none();
	}

	private static void checkSecret(Violations violations, int i, CommuneDirectoryProperties commune) {
		boolean password = commune.hasBindPassword();
		boolean file = commune.hasBindPasswordFile();
		if (password && file) {
			// Reported on the file's key: a violation shows its rejected value, and the password's is a secret.
			violations.add(i, "bindPasswordFile", "bind-password-file",
					"set bind-password or bind-password-file, not both");
		}
		else if (!password && !file && commune.embedded() == null) {
			violations.add(i, "bindPassword", "bind-password",
					"the service account needs a secret: set bind-password (e.g. ${RIVEBELLE_BIND_PASSWORD}) or "
							+ "bind-password-file (a mounted secret)");
		}
		else if (file) {
			if (!isReadableFile(commune.bindPasswordFile())) {
				violations.add(i, "bindPasswordFile", "bind-password-file",
						"'" + commune.bindPasswordFile() + "' is not a readable file");
			}
		}
	}

	private static void checkUrls(Violations violations, int i, CommuneDirectoryProperties commune) {
		if (commune.embedded() != null) {
			if (!commune.urls().isEmpty()) {
				violations.add(i, "urls", "urls",
						"must be empty when embedded is set: the embedded directory's own URL is used");
			}
			return;
		}
		if (commune.urls().isEmpty()) {
			violations.add(i, "urls", "urls",
					"at least one ldap:// or ldaps:// URL is required (several for failover, in order)");
			return;
		}
		long ldaps = commune.urls()
			.stream()
			.filter((url) -> url != null && url.regionMatches(true, 0, "ldaps:", 0, 6))
			.count();
		if (ldaps != 0 && ldaps != commune.urls().size()) {
			violations.add(i, "urls", "urls", "mixes ldap:// and ldaps:// URLs; use one scheme for every server");
			return;
		}
		Transport transport = commune.effectiveTransport();
		if (transport == Transport.LDAPS && ldaps == 0) {
			violations.add(i, "transport", "transport", "ldaps needs ldaps:// URLs");
		}
		else if (transport != Transport.LDAPS && ldaps != 0) {
			violations.add(i, "transport", "transport",
					transport.name().toLowerCase(Locale.ROOT) + " needs ldap:// URLs (ldaps:// means transport ldaps)");
		}
	}

	private static void checkTrustStore(Violations violations, int i, CommuneDirectoryProperties commune) {
		if (commune.trustStore() == null || commune.trustStore().path() == null
				|| commune.trustStore().path().isBlank()) {
			return;
		}
		if (!isReadableFile(commune.trustStore().path())) {
			violations.add(i, "trustStore", "trust-store.path",
					"'" + commune.trustStore().path() + "' is not a readable file");
		}
	}

	private static boolean isReadableFile(String location) {
		try {
			Path path = Path.of(location);
			return Files.isRegularFile(path) && Files.isReadable(path);
		}
		catch (InvalidPathException ex) {
			return false;
		}
	}

	/** Collects violations under {@code communes[i].<property>} with messages that start with the full key. */
	private static final class Violations {

		private final ConstraintValidatorContext context;

		private boolean any;

		Violations(ConstraintValidatorContext context) {
			this.context = context;
			context.disableDefaultConstraintViolation();
		}

		void add(int index, String property, String key, String message) {
			this.any = true;
			String full = DirectoryProperties.communeKey(index) + "." + key + ": " + message;
			this.context.buildConstraintViolationWithTemplate(escape(full))
				.addPropertyNode("communes")
				.addPropertyNode(property)
				.inIterable()
				.atIndex(index)
				.addConstraintViolation();
		}

		boolean none() {
			return !this.any;
		}

		// Messages quote configured values: escape them so that the validator never interpolates them.
		private static String escape(String message) {
			return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
		}

	}

}
