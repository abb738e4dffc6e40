import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldif.LDIFReader;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Throwaway LDAP directory for the benchmark (NOT Sésame's demo directory): an UnboundID in-memory server on
 * 127.0.0.1 serving base dc=rivebelle,dc=fr, seeded from an LDIF file.
 *
 * <pre>
 *   CP=~/.m2/repository/com/unboundid/unboundid-ldapsdk/7.0.5/unboundid-ldapsdk-7.0.5.jar
 *   java -cp $CP DemoDirectory.java generate bench-directory.ldif 200 'Bench-Passw0rd!'   # write an LDIF
 *   java -cp $CP DemoDirectory.java serve bench-directory.ldif 10389                      # serve it (foreground)
 * </pre>
 *
 * Entries: ou=people (inetOrgPerson uid=agent001..agentNNN, common password), ou=groups (groupOfNames),
 * ou=services (cn=keycloak-svc, the service account used by federation, password "Svc-Passw0rd!").
 * The in-memory server generates entryUUID / createTimestamp as operational attributes (on by default).
 */
public class DemoDirectory {
    static final String BASE = "dc=rivebelle,dc=fr";
    static final String SVC_DN = "cn=keycloak-svc,ou=services," + BASE;
    static final String SVC_PASSWORD = "Svc-Passw0rd!";

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("generate")) {
            int n = args.length > 2 ? Integer.parseInt(args[2]) : 200;
            String pw = args.length > 3 ? args[3] : "Bench-Passw0rd!";
            generate(Path.of(args[1]), n, pw);
            System.out.println("wrote " + args[1] + " with " + n + " agents");
            return;
        }
        if (args.length >= 1 && args[0].equals("serve")) {
            Path ldif = Path.of(args.length > 1 ? args[1] : "bench-directory.ldif");
            int port = args.length > 2 ? Integer.parseInt(args[2]) : 10389;
            serve(ldif, port);
            return;
        }
        System.err.println("usage: DemoDirectory generate <out.ldif> [count=200] [password]\n"
                + "       DemoDirectory serve <in.ldif> [port=10389]");
        System.exit(2);
    }

    static void serve(Path ldif, int port) throws Exception {
        InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(BASE);
        cfg.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                InetAddress.getByName("127.0.0.1"), port, null));
        cfg.setGenerateOperationalAttributes(true); // entryUUID, createTimestamp, ... (Keycloak needs entryUUID)
        cfg.setEnforceSingleStructuralObjectClass(false);
        cfg.setMaxConnections(0); // unlimited
        InMemoryDirectoryServer ds = new InMemoryDirectoryServer(cfg);
        int count;
        try (LDIFReader r = new LDIFReader(ldif.toFile())) {
            count = ds.importFromLDIF(true, r);
        }
        ds.startListening();
        SearchResultEntry probe = ds.getEntry("uid=agent001,ou=people," + BASE, "entryUUID");
        System.out.println("DemoDirectory listening on 127.0.0.1:" + ds.getListenPort() + " base " + BASE
                + ", " + count + " entries loaded; agent001 entryUUID="
                + (probe == null ? "(no agent001)" : probe.getAttributeValue("entryUUID")));
        System.out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> { ds.shutDown(true); stop.countDown(); }));
        stop.await();
    }

    static final String[] GIVEN = {"Jean", "Marie", "Élodie", "François", "Anne-Sophie", "Loïc", "Hélène", "Noël",
            "Zoé", "Jérôme", "Maëlle", "Gaëtan"};
    static final String[] FAMILY = {"Dupont", "Martin", "Lefèvre", "D'Almeida", "Bernard-Rousseau", "Moreau",
            "Giraud", "Fontaine", "Chevalier", "Lemaître", "Perrin", "Rivière"};

    static void generate(Path out, int n, String password) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            w.println("dn: " + BASE + "\nobjectClass: top\nobjectClass: domain\ndc: rivebelle\n");
            w.println("dn: ou=people," + BASE + "\nobjectClass: top\nobjectClass: organizationalUnit\nou: people\n");
            w.println("dn: ou=groups," + BASE + "\nobjectClass: top\nobjectClass: organizationalUnit\nou: groups\n");
            w.println("dn: ou=services," + BASE + "\nobjectClass: top\nobjectClass: organizationalUnit\nou: services\n");
            w.println("dn: " + SVC_DN + "\nobjectClass: top\nobjectClass: person\ncn: keycloak-svc\nsn: service"
                    + "\nuserPassword: " + SVC_PASSWORD + "\n");
            StringBuilder members = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                String uid = String.format("agent%03d", i);
                String given = GIVEN[i % GIVEN.length], family = FAMILY[(i / GIVEN.length) % FAMILY.length];
                String dn = "uid=" + uid + ",ou=people," + BASE;
                w.println("dn: " + dn);
                w.println("objectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: inetOrgPerson");
                w.println("uid: " + uid);
                w.println(b64("cn", given + " " + family));
                w.println(b64("givenName", given));
                w.println(b64("sn", family));
                w.println("mail: " + uid + "@rivebelle.fr");
                w.println("userPassword: " + password);
                w.println();
                members.append("member: ").append(dn).append('\n');
            }
            w.println("dn: cn=agents,ou=groups," + BASE + "\nobjectClass: top\nobjectClass: groupOfNames\ncn: agents\n" + members);
        }
    }

    /** LDIF attribute line, base64-encoded when the value is not plain ASCII (accents). */
    static String b64(String attr, String value) {
        boolean ascii = value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !value.startsWith(" ") && !value.startsWith(":");
        if (ascii) return attr + ": " + value;
        return attr + ":: " + java.util.Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
