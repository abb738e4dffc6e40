import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.SaltedMessageDigestInMemoryPasswordEncoder;
import com.unboundid.ldap.listener.Base64PasswordEncoderOutputFormatter;
import com.unboundid.ldif.LDIFReader;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * The directory of the synchronisation benchmark (bench/sync-full.sh, bench/sync-revocation.sh): a large fictional
 * commune, "Grandval" (dc=grandval,dc=fr), OpenLDAP style, generated deterministically.
 *
 * <pre>
 *   CP=~/.m2/repository/com/unboundid/unboundid-ldapsdk/7.0.5/unboundid-ldapsdk-7.0.5.jar
 *   java -cp $CP bench/sync/SyncDirectory.java generate out.ldif 100000   # LDIF for slapadd (and for serve)
 *   java -Xmx4g -cp $CP bench/sync/SyncDirectory.java serve out.ldif 0 port.txt   # UnboundID in-memory server on 127.0.0.1
 * </pre>
 *
 * Content, for N agents (N = 100,000 by default):
 * <ul>
 * <li>ou=people: N inetOrgPerson agents uid=agent000001…, French names (accents), mail, employeeNumber,
 * departmentNumber, title, telephoneNumber, password {@code Bench-Passw0rd!} as {SSHA}; about 1 % disabled the
 * commune's way ({@code employeeType: inactive}, agent numbers divisible by 97) and about 0.3 % expired
 * ({@code shadowAccount} with a past {@code shadowExpire}, agent numbers divisible by 331);</li>
 * <li>ou=groups, groupOfNames, nested three levels: {@code agents} ⊃ 12 directions ({@code dir-…}) ⊃ ~190 services
 * ({@code svc-…}) ⊃ agents (each agent in exactly one service); functional groups drawn at random:
 * {@code etat-civil} ⊃ {@code mariages}, {@code finances-valideurs}, {@code rh-gestionnaires}, {@code marches-publics},
 * {@code elus}, {@code teletravail} (35 % of agents, a large flat group) and {@code messagerie} (every agent: one
 * group of N members, the stress case of a directory "Domain Users");</li>
 * <li>ou=services: {@code cn=sesame}, the service account ({@code Sync-Svc-Passw0rd!}).</li>
 * </ul>
 * Also writes {@code <out>.logins}: 2,000 enabled agents spread over the directory (uid per line), for sign-ins.
 */
public class SyncDirectory {

    static final String BASE = "dc=grandval,dc=fr";
    static final String PEOPLE = "ou=people," + BASE;
    static final String GROUPS = "ou=groups," + BASE;
    static final String SVC_DN = "cn=sesame,ou=services," + BASE;
    static final String SVC_PASSWORD = "Sync-Svc-Passw0rd!";
    static final String AGENT_PASSWORD = "Bench-Passw0rd!";

    static final String[] DIRECTIONS = {"population", "finances", "rh", "urbanisme", "voirie", "education",
            "culture", "sports", "social", "informatique", "police-municipale", "environnement"};
    static final String[] GIVEN = {"Jean", "Marie", "Élodie", "François", "Anne-Sophie", "Loïc", "Hélène", "Noël",
            "Zoé", "Jérôme", "Maëlle", "Gaëtan", "Camille", "Léa", "Hugo", "Chloé", "Théo", "Inès", "Mathis", "Célia",
            "Raphaël", "Agnès", "Benoît", "Cécile", "Dominique", "Estelle", "Frédéric", "Gérard", "Ingrid", "Joël"};
    static final String[] FAMILY = {"Dupont", "Martin", "Lefèvre", "D'Almeida", "Bernard-Rousseau", "Moreau",
            "Giraud", "Fontaine", "Chevalier", "Lemaître", "Perrin", "Rivière", "Durand", "Leroy", "Roux", "Fournier",
            "Girard", "Bonnet", "Lambert", "Faure", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevallier",
            "François", "Legrand", "Gauthier", "Garcia", "Perrot", "Robin", "Clément", "Morin", "Nicolas", "Henry",
            "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemoine",
            "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud-Lefèbvre", "Joly", "Rivière", "Lucas",
            "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy",
            "Leroux", "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas",
            "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland",
            "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier",
            "Sánchez", "Dupuis", "Moulin", "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury",
            "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles",
            "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider",
            "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrier", "Daniel",
            "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Le Goff", "Pelletier", "Lévêque"};
    static final String[] TITLES = {"Adjoint administratif", "Rédacteur", "Attaché", "Technicien", "Agent de maîtrise",
            "Adjoint technique", "Ingénieur", "Éducateur", "Animateur", "Agent de police municipale", "Directeur"};

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("generate")) {
            int n = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
            long t0 = System.nanoTime();
            Stats s = generate(Path.of(args[1]), n);
            System.out.printf("wrote %s: %d agents (%d disabled, %d expired), %d groups, %d memberships, %d ms%n",
                    args[1], n, s.disabled, s.expired, s.groups, s.memberships, (System.nanoTime() - t0) / 1_000_000);
            return;
        }
        if (args.length >= 2 && args[0].equals("serve")) {
            serve(Path.of(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 0,
                    args.length > 3 ? Path.of(args[3]) : null);
            return;
        }
        System.err.println("usage: SyncDirectory generate <out.ldif> [agents=100000]\n"
                + "       SyncDirectory serve <in.ldif> [port=0] [port-file]");
        System.exit(2);
    }

    // ------------------------------------------------------------------------------------------------ generate
    static final class Stats { long disabled, expired, groups, memberships; }

    static String uid(int i) { return String.format("agent%06d", i); }
    static String agentDn(int i) { return "uid=" + uid(i) + "," + PEOPLE; }
    static boolean disabled(int i) { return i % 97 == 0; }
    static boolean expired(int i) { return i % 331 == 0 && !disabled(i); }

    static Stats generate(Path out, int n) throws Exception {
        Random rnd = new Random(20261206L);
        Stats stats = new Stats();
        String ssha = ssha(AGENT_PASSWORD, "grandval".getBytes(StandardCharsets.US_ASCII));
        // Services: 8 to 24 per direction; each agent in one service (weighted: some services are big).
        Map<String, List<String>> servicesOf = new LinkedHashMap<>();
        List<String> services = new ArrayList<>();
        for (String d : DIRECTIONS) {
            int k = 8 + rnd.nextInt(17);
            List<String> mine = new ArrayList<>();
            for (int j = 1; j <= k; j++) {
                String svc = "svc-" + d + "-" + j;
                mine.add(svc);
                services.add(svc);
            }
            servicesOf.put(d, mine);
        }
        Map<String, List<Integer>> serviceMembers = new LinkedHashMap<>();
        services.forEach((s) -> serviceMembers.put(s, new ArrayList<>()));
        Map<String, List<Integer>> functional = new LinkedHashMap<>();
        for (String g : List.of("etat-civil", "mariages", "finances-valideurs", "rh-gestionnaires", "marches-publics",
                "elus", "teletravail", "messagerie")) {
            functional.put(g, new ArrayList<>());
        }
        int[] serviceOf = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            // A skewed draw: low-numbered services of each direction are larger.
            double u = rnd.nextDouble();
            int idx = (int) Math.min(services.size() - 1, Math.floor(services.size() * u * u * 0.6 + rnd.nextInt(services.size()) * 0.4));
            serviceOf[i] = idx;
            serviceMembers.get(services.get(idx)).add(i);
            String svc = services.get(idx);
            boolean population = svc.startsWith("svc-population-");
            if (population ? rnd.nextDouble() < 0.25 : rnd.nextDouble() < 0.005) functional.get("etat-civil").add(i);
            if (population && rnd.nextDouble() < 0.03) functional.get("mariages").add(i);
            if (svc.startsWith("svc-finances-") ? rnd.nextDouble() < 0.2 : rnd.nextDouble() < 0.004) functional.get("finances-valideurs").add(i);
            if (svc.startsWith("svc-rh-") ? rnd.nextDouble() < 0.3 : rnd.nextDouble() < 0.001) functional.get("rh-gestionnaires").add(i);
            if (rnd.nextDouble() < 0.003) functional.get("marches-publics").add(i);
            if (rnd.nextDouble() < 0.0006) functional.get("elus").add(i);
            if (rnd.nextDouble() < 0.35) functional.get("teletravail").add(i);
            functional.get("messagerie").add(i);
        }
        Path logins = Path.of(out + ".logins");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
                PrintWriter l = new PrintWriter(Files.newBufferedWriter(logins, StandardCharsets.UTF_8))) {
            w.println("dn: " + BASE + "\nobjectClass: top\nobjectClass: domain\ndc: grandval\n");
            w.println("dn: " + PEOPLE + "\nobjectClass: top\nobjectClass: organizationalUnit\nou: people\n");
            w.println("dn: " + GROUPS + "\nobjectClass: top\nobjectClass: organizationalUnit\nou: groups\n");
            w.println("dn: ou=services," + BASE + "\nobjectClass: top\nobjectClass: organizationalUnit\nou: services\n");
            w.println("dn: " + SVC_DN + "\nobjectClass: top\nobjectClass: person\ncn: sesame\nsn: service"
                    + "\nuserPassword: " + ssha(SVC_PASSWORD, "svcsesam".getBytes(StandardCharsets.US_ASCII)) + "\n");
            long today = java.time.LocalDate.now().toEpochDay();
            int loginStep = Math.max(1, n / 2000);
            for (int i = 1; i <= n; i++) {
                String given = GIVEN[rnd.nextInt(GIVEN.length)], family = FAMILY[rnd.nextInt(FAMILY.length)];
                String svc = services.get(serviceOf[i]);
                w.println("dn: " + agentDn(i));
                w.println("objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson");
                if (expired(i)) w.println("objectClass: shadowAccount");
                w.println("uid: " + uid(i));
                w.println(b64("cn", given + " " + family));
                w.println(b64("givenName", given));
                w.println(b64("sn", family));
                w.println(b64("displayName", given + " " + family + " (" + svc.substring(4) + ")"));
                w.println("mail: " + uid(i) + "@grandval.fr");
                w.println("employeeNumber: " + (100000 + i));
                w.println("departmentNumber: " + svc.substring(4));
                w.println(b64("title", TITLES[rnd.nextInt(TITLES.length)]));
                w.println("telephoneNumber: +33 4 " + String.format("%02d %02d %02d %02d", rnd.nextInt(100), rnd.nextInt(100), rnd.nextInt(100), rnd.nextInt(100)));
                w.println("userPassword: " + ssha);
                if (disabled(i)) { w.println("employeeType: inactive"); stats.disabled++; }
                else w.println("employeeType: titulaire");
                if (expired(i)) { w.println("shadowExpire: " + (today - 30 - rnd.nextInt(300))); stats.expired++; }
                w.println();
                if (i % loginStep == 0 && !disabled(i) && !expired(i)) l.println(uid(i));
            }
            // Services ⊂ directions ⊂ agents.
            for (String svc : services) {
                List<String> m = new ArrayList<>();
                for (int i : serviceMembers.get(svc)) m.add(agentDn(i));
                group(w, svc, m, stats);
            }
            List<String> dirs = new ArrayList<>();
            for (String d : DIRECTIONS) {
                List<String> m = new ArrayList<>();
                for (String svc : servicesOf.get(d)) m.add("cn=" + svc + "," + GROUPS);
                group(w, "dir-" + d, m, stats);
                dirs.add("cn=dir-" + d + "," + GROUPS);
            }
            group(w, "agents", dirs, stats);
            for (Map.Entry<String, List<Integer>> f : functional.entrySet()) {
                List<String> m = new ArrayList<>();
                for (int i : f.getValue()) m.add(agentDn(i));
                if (f.getKey().equals("etat-civil")) m.add("cn=mariages," + GROUPS); // mariages ⊂ etat-civil
                group(w, f.getKey(), m, stats);
            }
        }
        return stats;
    }

    static void group(PrintWriter w, String name, List<String> members, Stats stats) {
        w.println("dn: cn=" + name + "," + GROUPS);
        w.println("objectClass: top\nobjectClass: groupOfNames\ncn: " + name);
        if (members.isEmpty()) members = List.of(SVC_DN); // groupOfNames needs a member
        for (String m : members) w.println("member: " + m);
        w.println();
        stats.groups++;
        stats.memberships += members.size();
    }

    /** {SSHA}: base64(SHA-1(password + salt) + salt), as slapd and UnboundID's encoder read it. */
    static String ssha(String password, byte[] salt) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-1");
        sha.update(password.getBytes(StandardCharsets.UTF_8));
        sha.update(salt);
        byte[] digest = sha.digest();
        byte[] all = new byte[digest.length + salt.length];
        System.arraycopy(digest, 0, all, 0, digest.length);
        System.arraycopy(salt, 0, all, digest.length, salt.length);
        return "{SSHA}" + Base64.getEncoder().encodeToString(all);
    }

    static String b64(String attr, String value) {
        boolean ascii = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !value.startsWith(" ") && !value.startsWith(":");
        if (ascii) return attr + ": " + value;
        return attr + ":: " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------------ serve
    static void serve(Path ldif, int port, Path portFile) throws Exception {
        InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(BASE);
        cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                InetAddress.getByName("127.0.0.1"), port, null));
        cfg.setGenerateOperationalAttributes(true); // entryUUID, modifyTimestamp…
        cfg.setSchema(null); // shadowAccount/nis is not in the SDK's default schema; slapd checks it instead
        cfg.setMaxConnections(0);
        cfg.setMaxSizeLimit(0);
        cfg.setPasswordEncoders(new SaltedMessageDigestInMemoryPasswordEncoder("{SSHA}", Base64PasswordEncoderOutputFormatter.getInstance(),
                MessageDigest.getInstance("SHA-1"), 8, true, true));
        InMemoryDirectoryServer ds = new InMemoryDirectoryServer(cfg);
        long t0 = System.nanoTime();
        int count;
        try (LDIFReader r = new LDIFReader(ldif.toFile())) {
            count = ds.importFromLDIF(true, r);
        }
        long loadMs = (System.nanoTime() - t0) / 1_000_000;
        ds.startListening();
        if (portFile != null) Files.writeString(portFile, String.valueOf(ds.getListenPort()));
        System.out.println("SyncDirectory (UnboundID in-memory) listening on 127.0.0.1:" + ds.getListenPort()
                + " base " + BASE + ", " + count + " entries loaded in " + loadMs + " ms");
        System.out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { ds.shutDown(true); stop.countDown(); }));
        stop.await();
    }
}
