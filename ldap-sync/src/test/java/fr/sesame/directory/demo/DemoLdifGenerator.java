package fr.sesame.directory.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldif.LDIFWriter;

import fr.sesame.directory.flavour.ActiveDirectoryFileTime;
import fr.sesame.directory.flavour.ActiveDirectoryGuid;

/**
 * Generates the two demo directories, {@code src/main/resources/demo/rivebelle.ldif} (OpenLDAP style) and
 * {@code montclair.ldif} (Active Directory style), deterministically: the same code always writes the same bytes,
 * and {@code DemoDirectoriesTest} fails when the committed files differ from what this produces.
 *
 * <p>Regenerate with {@code mvn -pl ldap-sync test -Dtest=DemoDirectoriesTest -Dsesame.demo.regenerate=true}.
 */
public final class DemoLdifGenerator {

	/** Every demo agent's password. */
	public static final String AGENT_PASSWORD = "Sesame-Demo-2026";

	/** The demo service accounts' password (the demo YAML binds with it; so can a benchmark's Keycloak). */
	public static final String SERVICE_PASSWORD = "Sesame-Service-2026";

	static final int GENERATED_AGENTS = 240;

	private static final String[] FIRST_NAMES = { "Adèle", "Agnès", "Alain", "Amélie", "Anaïs", "André", "Anne-Sophie",
			"Antoine", "Aurélie", "Benoît", "Bérénice", "Brigitte", "Camille", "Céline", "Chloé", "Christophe",
			"Claire", "Clémence", "Damien", "Denis", "Éloïse", "Émile", "Emmanuel", "Étienne", "Fabrice", "Florence",
			"Francis", "Françoise", "Frédéric", "Gaëlle", "Gaëtan", "Geneviève", "Gérard", "Guillaume", "Hélène",
			"Hervé", "Inès", "Isabelle", "Jacques", "Jean-Baptiste", "Jean-Luc", "Jean-Marc", "Jérôme", "Joël",
			"Josiane", "Julien", "Karine", "Laëtitia", "Laurent", "Léa", "Léon", "Loïc", "Louise", "Lucie", "Maëlle",
			"Manon", "Marc", "Marie-Claire", "Marie-Hélène", "Martine", "Mathilde", "Michèle", "Mohamed", "Nathalie",
			"Noémie", "Océane", "Olivier", "Pascale", "Patrice", "Pierre-Yves", "Raphaël", "Régis", "Renée", "Sébastien",
			"Solène", "Stéphane", "Sylvie", "Thérèse", "Théo", "Thierry", "Valérie", "Véronique", "Yann", "Yves",
			"Zoé" };

	private static final String[] FAMILY_NAMES = { "André", "Arnaud", "Aubert", "Barbier", "Barthélemy", "Bénard",
			"Berger", "Besson", "Blanchard", "Boucher", "Bouvier", "Brun", "Carré", "Chevalier", "Clément", "Colin",
			"Cordier", "D'Almeida", "D'Arc", "Da Silva", "De La Fontaine", "Delaunay", "Deschamps", "Dubois",
			"Dufour", "Dumas", "Durand", "Duval", "Étienne", "Fabre", "Faure", "Fleury", "Fournier", "Garnier",
			"Gauthier", "Gérard", "Girard", "Giraud", "Guérin", "Guillot", "Hamon", "Hoarau", "Hubert", "Huet",
			"Jacquet", "Joly", "L'Hermite", "Lacroix", "Lamy", "Le Gall", "Le Goff", "Le Roux", "Leblanc", "Lebrun",
			"Leclerc", "Lefèvre", "Léger", "Lejeune", "Lemaître", "Lemoine", "Lévêque", "Marchand", "Maréchal", "Masson",
			"Ménard", "Mercier", "Meunier", "Michaud", "Millet", "Moulin", "Noël", "O'Neil", "Pelletier", "Perrin",
			"Perrot", "Picard", "Poirier", "Prévost", "Rémy", "Renaud", "Rivière", "Robin", "Roche", "Rolland",
			"Roussel", "Tessier", "Vasseur", "Vidal" };

	/** Departments: group cn, label, a job title. */
	private static final String[][] DEPARTMENTS = { { "etat-civil", "État civil", "Officier d'état civil" },
			{ "rh", "Ressources humaines", "Gestionnaire RH" }, { "finances", "Finances", "Comptable" },
			{ "services-techniques", "Services techniques", "Technicien" },
			{ "urbanisme", "Urbanisme", "Instructeur du droit des sols" },
			{ "police-municipale", "Police municipale", "Policier municipal" },
			{ "accueil", "Accueil", "Agent d'accueil" } };

	private static final DateTimeFormatter GENERALIZED_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private DemoLdifGenerator() {
	}

	/** A demo agent before it becomes an entry in one flavour or the other. */
	record Person(String login, String givenName, String familyName, String department, Set<String> extraGroups,
			String state) {

		String displayName() {
			return this.givenName + " " + this.familyName;
		}

	}

	public static void main(String[] args) throws IOException {
		Path directory = Path.of((args.length > 0) ? args[0] : "src/main/resources/demo");
		Files.writeString(directory.resolve("rivebelle.ldif"), rivebelle(), StandardCharsets.UTF_8);
		Files.writeString(directory.resolve("montclair.ldif"), montclair(), StandardCharsets.UTF_8);
	}

	// ---------------------------------------------------------------- Rivebelle: OpenLDAP, inetOrgPerson

	public static String rivebelle() {
		Random random = new Random(20260101L);
		String base = "dc=rivebelle,dc=fr";
		List<Person> people = people(random, List.of(
				new Person("jdupont", "Jean", "Dupont", "etat-civil", Set.of(), "active"),
				new Person("hlefevre", "Hélène", "Lefèvre", "rh", Set.of(), "active"),
				new Person("jloneil", "Jean-Luc", "O'Neil", "finances", Set.of(), "active"),
				new Person("zdarc", "Zoé", "D'Arc", "accueil", Set.of("admins-commune"), "active"),
				new Person("mbernard", "Marc", "Bernard", "urbanisme", Set.of(), "disabled"),
				new Person("slegrand", "Sophie", "Legrand", "police-municipale", Set.of(), "locked"),
				new Person("afaure", "Anne", "Faure", "finances", Set.of(), "expired")));
		List<Entry> entries = new ArrayList<>();
		Entry root = new Entry(base);
		root.addAttribute("objectClass", "top", "dcObject", "organization");
		root.addAttribute("dc", "rivebelle");
		root.addAttribute("o", "Mairie de Rivebelle");
		entries.add(root);
		for (String ou : List.of("people", "groups", "services")) {
			Entry unit = new Entry("ou=" + ou + "," + base);
			unit.addAttribute("objectClass", "top", "organizationalUnit");
			unit.addAttribute("ou", ou);
			entries.add(unit);
		}
		Entry service = new Entry("cn=sesame,ou=services," + base);
		service.addAttribute("objectClass", "top", "applicationProcess", "simpleSecurityObject");
		service.addAttribute("cn", "sesame");
		service.addAttribute("description", "Sésame: searches agents (read-only)");
		service.addAttribute("userPassword", ssha(SERVICE_PASSWORD, random));
		entries.add(service);

		Map<String, List<String>> members = new LinkedHashMap<>();
		members.put("agents", new ArrayList<>());
		for (String[] department : DEPARTMENTS) {
			members.put(department[0], new ArrayList<>());
		}
		members.put("admins-commune", new ArrayList<>());
		int employeeNumber = 1000;
		for (Person person : people) {
			String dn = "uid=" + person.login() + ",ou=people," + base;
			Entry agent = new Entry(dn);
			boolean expired = person.state().equals("expired");
			agent.addAttribute("objectClass", expired
					? new String[] { "top", "person", "organizationalPerson", "inetOrgPerson", "shadowAccount" }
					: new String[] { "top", "person", "organizationalPerson", "inetOrgPerson" });
			agent.addAttribute("uid", person.login());
			agent.addAttribute("cn", person.displayName());
			agent.addAttribute("givenName", person.givenName());
			agent.addAttribute("sn", person.familyName());
			agent.addAttribute("displayName", person.displayName());
			agent.addAttribute("mail", person.login() + "@rivebelle.fr");
			agent.addAttribute("ou", department(person.department())[1]);
			agent.addAttribute("title", department(person.department())[2]);
			agent.addAttribute("employeeNumber", String.valueOf(employeeNumber++));
			agent.addAttribute("entryUUID", uuid(random).toString());
			agent.addAttribute("userPassword", ssha(AGENT_PASSWORD, random));
			switch (person.state()) {
				case "disabled" -> agent.addAttribute("employeeType", "inactive");
				case "locked" -> agent.addAttribute("pwdAccountLockedTime", "20260115093000Z");
				case "expired" -> agent.addAttribute("shadowExpire",
						String.valueOf(LocalDate.of(2024, 12, 31).toEpochDay()));
				default -> agent.addAttribute("employeeType", "titulaire");
			}
			entries.add(agent);
			members.get("agents").add(dn);
			members.get(person.department()).add(dn);
			person.extraGroups().forEach((group) -> members.get(group).add(dn));
		}
		members.forEach((name, dns) -> {
			Entry group = new Entry("cn=" + name + ",ou=groups," + base);
			group.addAttribute("objectClass", "top", "groupOfNames");
			group.addAttribute("cn", name);
			group.addAttribute("description", groupDescription(name));
			group.addAttribute("member", dns);
			entries.add(group);
		});
		return ldif(entries, "Rivebelle: an OpenLDAP-style commune directory (inetOrgPerson, groupOfNames, entryUUID).",
				"Generated by ldap-sync/src/test/java/fr/sesame/directory/demo/DemoLdifGenerator.java: do not edit.",
				"Every agent's password: " + AGENT_PASSWORD + "; cn=sesame,ou=services: " + SERVICE_PASSWORD + ".",
				"mbernard is disabled (employeeType: inactive), slegrand locked (pwdAccountLockedTime),",
				"afaure expired (shadowExpire).");
	}

	// ---------------------------------------------------------------- Montclair: Active Directory

	public static String montclair() {
		Random random = new Random(20260202L);
		String base = "DC=montclair,DC=fr";
		List<Person> people = people(random, List.of(
				new Person("jdupont", "Jean", "Dupont", "etat-civil", Set.of(), "active"),
				new Person("lrousseau", "Lucie", "Rousseau", "mariages", Set.of(), "active"),
				new Person("mcdaragon", "Marie-Claire", "D'Aragon", "urbanisme", Set.of(), "active"),
				new Person("nlemaitre", "Noël", "Lemaître", "rh", Set.of("admins-commune"), "active"),
				new Person("pmoreau", "Pierre", "Moreau", "services-techniques", Set.of(), "disabled"),
				new Person("clambert", "Camille", "Lambert", "accueil", Set.of(), "locked"),
				new Person("gfontaine", "Gaëlle", "Fontaine", "finances", Set.of(), "expired")));
		Counter usn = new Counter(12000);
		List<Entry> entries = new ArrayList<>();
		Entry root = new Entry(base);
		root.addAttribute("objectClass", "top", "domain", "domainDNS");
		root.addAttribute("dc", "montclair");
		root.addAttribute("name", "montclair");
		adStamps(root, random, usn);
		entries.add(root);
		for (String ou : List.of("Agents", "Groupes", "Services")) {
			Entry unit = new Entry("OU=" + ou + "," + base);
			unit.addAttribute("objectClass", "top", "organizationalUnit");
			unit.addAttribute("ou", ou);
			unit.addAttribute("name", ou);
			adStamps(unit, random, usn);
			entries.add(unit);
		}
		Entry service = adUser("CN=svc-sesame,OU=Services," + base, "svc-sesame", null, null, "svc-sesame",
				SERVICE_PASSWORD, random, usn);
		service.setAttribute("userAccountControl", "66048");
		service.addAttribute("description", "Sésame: searches agents (read-only)");
		entries.add(service);

		// Group name → member DNs. "agents" holds the department groups, "etat-civil" holds "mariages": nesting.
		Map<String, List<String>> members = new LinkedHashMap<>();
		members.put("agents", new ArrayList<>());
		for (String[] department : DEPARTMENTS) {
			members.put(department[0], new ArrayList<>());
		}
		members.put("mariages", new ArrayList<>());
		members.put("admins-commune", new ArrayList<>());
		Map<String, String> groupDns = new LinkedHashMap<>();
		members.keySet().forEach((name) -> groupDns.put(name, "CN=" + name + ",OU=Groupes," + base));
		for (String[] department : DEPARTMENTS) {
			members.get("agents").add(groupDns.get(department[0]));
		}
		members.get("etat-civil").add(groupDns.get("mariages"));

		Set<String> cns = new HashSet<>();
		List<Entry> agents = new ArrayList<>();
		for (Person person : people) {
			String cn = person.displayName();
			for (int n = 2; !cns.add(cn.toLowerCase(Locale.ROOT)); n++) {
				cn = person.displayName() + " (" + n + ")";
			}
			String dn = new RDN("CN", cn) + ",OU=Agents," + base;
			Entry agent = adUser(dn, cn, person.givenName(), person.familyName(), person.login(), AGENT_PASSWORD, random,
					usn);
			agent.addAttribute("displayName", person.displayName());
			agent.addAttribute("mail", person.login() + "@montclair.fr");
			String[] department = department(person.department().equals("mariages") ? "etat-civil"
					: person.department());
			agent.addAttribute("department", department[1]);
			agent.addAttribute("title", department[2]);
			switch (person.state()) {
				case "disabled" -> agent.setAttribute("userAccountControl", "514");
				case "locked" -> agent.setAttribute("lockoutTime",
						String.valueOf(ActiveDirectoryFileTime.fromInstant(Instant.parse("2026-01-15T09:30:00Z"))));
				case "expired" -> agent.setAttribute("accountExpires",
						String.valueOf(ActiveDirectoryFileTime.fromInstant(Instant.parse("2025-01-01T00:00:00Z"))));
				default -> {
				}
			}
			members.get(person.department()).add(dn);
			person.extraGroups().forEach((group) -> members.get(group).add(dn));
			List<String> memberOf = new ArrayList<>();
			memberOf.add(groupDns.get(person.department()));
			person.extraGroups().forEach((group) -> memberOf.add(groupDns.get(group)));
			agent.addAttribute("memberOf", memberOf);
			agents.add(agent);
		}
		entries.addAll(agents);
		members.forEach((name, dns) -> {
			Entry group = new Entry(groupDns.get(name));
			group.addAttribute("objectClass", "top", "group");
			group.addAttribute("cn", name);
			group.addAttribute("name", name);
			group.addAttribute("sAMAccountName", name);
			group.addAttribute("description", groupDescription(name));
			// Global security group.
			group.addAttribute("groupType", "-2147483646");
			group.addAttribute("objectCategory", "CN=Group,CN=Schema,CN=Configuration," + base);
			group.addAttribute("objectGUID", ActiveDirectoryGuid.toBytes(uuid(random)));
			group.addAttribute("member", dns);
			adStamps(group, random, usn);
			entries.add(group);
		});
		// A domain keeps the tombstones of deleted objects for months: one former agent's, where a domain controller
		// puts it, so that the synchronisation finds deletions by tombstone as in a real domain.
		Entry deletedObjects = new Entry("CN=Deleted Objects," + base);
		deletedObjects.addAttribute("objectClass", "top", "container");
		deletedObjects.addAttribute("cn", "Deleted Objects");
		deletedObjects.addAttribute("isDeleted", "TRUE");
		adStamps(deletedObjects, random, usn);
		entries.add(deletedObjects);
		UUID former = uuid(random);
		Entry tombstone = new Entry(new RDN("CN", "Bernard Lefort\nDEL:" + former) + "," + deletedObjects.getDN());
		tombstone.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
		tombstone.addAttribute("sAMAccountName", "blefort");
		tombstone.addAttribute("objectGUID", ActiveDirectoryGuid.toBytes(former));
		tombstone.addAttribute("isDeleted", "TRUE");
		tombstone.addAttribute("lastKnownParent", "OU=Agents," + base);
		adStamps(tombstone, random, usn);
		entries.add(tombstone);
		return ldif(entries,
				"Montclair: an Active-Directory-style commune directory for a schema-less in-memory server",
				"(user/group, sAMAccountName, userPrincipalName, binary objectGUID, userAccountControl, nested groups).",
				"Generated by ldap-sync/src/test/java/fr/sesame/directory/demo/DemoLdifGenerator.java: do not edit.",
				"Every agent's password: " + AGENT_PASSWORD + "; svc-sesame: " + SERVICE_PASSWORD + ".",
				"pmoreau is disabled (userAccountControl 514), clambert locked (lockoutTime), gfontaine expired",
				"(accountExpires); lrousseau is in mariages, itself in etat-civil, itself in agents; blefort left:",
				"his tombstone is under CN=Deleted Objects.");
	}

	private static Entry adUser(String dn, String cn, String givenName, String familyName, String login,
			String password, Random random, Counter usn) {
		Entry user = new Entry(dn);
		user.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
		user.addAttribute("cn", cn);
		user.addAttribute("name", cn);
		if (givenName != null) {
			user.addAttribute("givenName", givenName);
		}
		if (familyName != null) {
			user.addAttribute("sn", familyName);
		}
		user.addAttribute("sAMAccountName", login);
		user.addAttribute("userPrincipalName", login + "@montclair.fr");
		user.addAttribute("objectCategory", "CN=Person,CN=Schema,CN=Configuration,DC=montclair,DC=fr");
		user.addAttribute("objectGUID", ActiveDirectoryGuid.toBytes(uuid(random)));
		user.addAttribute("userAccountControl", "512");
		user.addAttribute("accountExpires", String.valueOf(Long.MAX_VALUE));
		user.addAttribute("lockoutTime", "0");
		user.addAttribute("badPwdCount", "0");
		user.addAttribute("pwdLastSet",
				String.valueOf(ActiveDirectoryFileTime.fromInstant(Instant.parse("2025-09-01T08:00:00Z"))));
		// In-memory servers check userPassword; a real AD keeps unicodePwd, which no one can read.
		user.addAttribute("userPassword", ssha(password, random));
		adStamps(user, random, usn);
		return user;
	}

	private static void adStamps(Entry entry, Random random, Counter usn) {
		long created = usn.next();
		long changed = created + random.nextInt(400);
		Instant when = Instant.parse("2024-06-01T08:00:00Z").plusSeconds(created * 97);
		entry.addAttribute("uSNCreated", String.valueOf(created));
		entry.addAttribute("uSNChanged", String.valueOf(changed));
		entry.addAttribute("whenCreated", GENERALIZED_TIME.format(when).replace("Z", ".0Z"));
		entry.addAttribute("whenChanged",
				GENERALIZED_TIME.format(when.plusSeconds((changed - created) * 3600L)).replace("Z", ".0Z"));
	}

	private static final class Counter {

		private long value;

		Counter(long start) {
			this.value = start;
		}

		long next() {
			this.value += 3;
			return this.value;
		}

	}

	// ---------------------------------------------------------------- shared

	/** The named accounts first, then generated ones with unique logins, spread over the departments. */
	private static List<Person> people(Random random, List<Person> named) {
		List<Person> people = new ArrayList<>(named);
		Set<String> logins = new HashSet<>();
		Set<String> names = new HashSet<>();
		for (Person person : named) {
			logins.add(person.login());
			names.add(person.displayName());
		}
		while (people.size() < named.size() + GENERATED_AGENTS) {
			String given = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
			String family = FAMILY_NAMES[random.nextInt(FAMILY_NAMES.length)];
			if (names.contains(given + " " + family) && random.nextInt(4) != 0) {
				continue; // a few homonyms, as in any town hall, but not many
			}
			names.add(given + " " + family);
			String login = loginOf(given, family);
			String unique = login;
			for (int n = 2; !logins.add(unique); n++) {
				unique = login + n;
			}
			String department = DEPARTMENTS[random.nextInt(DEPARTMENTS.length)][0];
			Set<String> extra = (random.nextInt(60) == 0) ? Set.of("admins-commune") : Set.of();
			people.add(new Person(unique, given, family, department, extra, "active"));
		}
		return people;
	}

	/** "Jean-Luc O'Neil" → {@code jloneil}: initials of the given names, then the family name folded to a-z. */
	static String loginOf(String givenName, String familyName) {
		StringBuilder login = new StringBuilder();
		for (String part : givenName.split("-")) {
			login.append(fold(part).charAt(0));
		}
		return login.append(fold(familyName)).toString();
	}

	private static String fold(String name) {
		String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
		return decomposed.replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
	}

	private static String[] department(String group) {
		for (String[] department : DEPARTMENTS) {
			if (department[0].equals(group)) {
				return department;
			}
		}
		throw new IllegalArgumentException(group);
	}

	private static String groupDescription(String name) {
		return switch (name) {
			case "agents" -> "Tous les agents de la commune";
			case "admins-commune" -> "Administrateurs Sésame de la commune";
			case "mariages" -> "Célébration des mariages (membre de etat-civil)";
			default -> "Service " + department(name)[1];
		};
	}

	private static UUID uuid(Random random) {
		// Version 4 layout from a seeded generator: random-looking, yet the same at every generation.
		long most = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x0000000000004000L;
		long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(most, least);
	}

	/** {@code {SSHA}}: SHA-1 of the password then an 8-byte salt, followed by the salt, in Base64. */
	private static String ssha(String password, Random random) {
		byte[] salt = new byte[8];
		random.nextBytes(salt);
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			sha1.update(password.getBytes(StandardCharsets.UTF_8));
			sha1.update(salt);
			byte[] digest = sha1.digest();
			byte[] value = new byte[digest.length + salt.length];
			System.arraycopy(digest, 0, value, 0, digest.length);
			System.arraycopy(salt, 0, value, digest.length, salt.length);
			return "{SSHA}" + Base64.getEncoder().encodeToString(value);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String ldif(List<Entry> entries, String... header) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		boolean base64Comments = LDIFWriter.commentAboutBase64EncodedValues();
		LDIFWriter.setCommentAboutBase64EncodedValues(true);
		StringBuilder comments = new StringBuilder();
		for (String line : header) {
			comments.append("# ").append(line).append('\n');
		}
		comments.append('\n');
		try (LDIFWriter writer = new LDIFWriter(out)) {
			writer.setWrapColumn(0);
			for (Entry entry : entries) {
				writer.writeEntry(entry);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			LDIFWriter.setCommentAboutBase64EncodedValues(base64Comments);
		}
		return comments + out.toString(StandardCharsets.UTF_8);
	}

}
