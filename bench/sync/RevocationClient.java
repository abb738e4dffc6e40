import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Leaver revocation latency (bench/sync-revocation.sh): signs agents in through the authorization code flow (the
 * same code as the load client: bench/LoadClient.java, compiled with this file), then, one agent at a time, disables
 * the agent in the directory ({@code employeeType: inactive}, the commune's disabled filter) at t0 and polls every
 * {@code --poll-ms} until (a) the agent's refresh token is refused at /oauth2/token and (b) its latest access token
 * is inactive at /oauth2/introspect; records t1 − t0 for each.
 *
 * <pre>
 *   javac -cp $UNBOUNDID -d classes bench/LoadClient.java bench/sync/RevocationClient.java
 *   java -cp classes:$UNBOUNDID RevocationClient --issuer http://127.0.0.1:9000 --client-id bench-client \
 *     --client-secret … --users-file logins.txt --domain grandval.fr --password … --changes 100 \
 *     --ldap 127.0.0.1:389 --ldap-bind-dn cn=admin,dc=grandval,dc=fr --ldap-password … \
 *     --user-dn 'uid=%s,ou=people,dc=grandval,dc=fr' --out results.txt
 * </pre>
 *
 * t0 is taken when the directory has acknowledged the modification (the change exists from then on); the modify
 * itself is timed separately. Before each change the agent's refresh token is checked to work (a refusal then is
 * an error, not a figure). Between changes the client waits a random 0–{@code --jitter-ms} so that changes fall at
 * random points of the synchronisation's cycle. Disabled agents are enabled again at the end ({@code --restore}).
 */
public class RevocationClient {

    static final Map<String, String> OPT = new LinkedHashMap<>();

    static String opt(String k, String def) { return OPT.getOrDefault(k, def); }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            OPT.put(args[i], args[i + 1]);
        }
        int changes = Integer.parseInt(opt("--changes", "100"));
        long pollMs = Long.parseLong(opt("--poll-ms", "50"));
        long jitterMs = Long.parseLong(opt("--jitter-ms", "2000"));
        long timeoutMs = Long.parseLong(opt("--timeout-ms", "60000"));
        String domain = opt("--domain", "grandval.fr");
        String userDn = opt("--user-dn", "uid=%s,ou=people,dc=grandval,dc=fr");
        boolean restore = Boolean.parseBoolean(opt("--restore", "true"));
        Path out = Path.of(opt("--out", "revocation.txt"));

        // The load client's flow, configured as its command line would.
        LoadClient.OPT.put("--issuer", opt("--issuer", "http://127.0.0.1:9000"));
        LoadClient.clientId = opt("--client-id", "bench-client");
        LoadClient.clientSecret = opt("--client-secret", null);
        LoadClient.basicAuth = true;
        LoadClient.redirectUri = opt("--redirect-uri", "http://127.0.0.1:9999/callback");
        LoadClient.scope = opt("--scope", "openid profile email");
        LoadClient.password = opt("--password", null);
        LoadClient.usernameField = "username";
        LoadClient.passwordField = "password";
        LoadClient.timeout = java.time.Duration.ofSeconds(30);
        LoadClient.discover();

        List<String> uids = new ArrayList<>();
        for (String s : Files.readAllLines(Path.of(opt("--users-file", null)))) {
            if (!s.isBlank()) uids.add(s.trim());
        }
        // Agents spread over the list (and over the directory), one per change, plus 5 that stay enabled (controls).
        int wanted = changes + 5;
        if (uids.size() < wanted) throw new IllegalArgumentException("need " + wanted + " logins, got " + uids.size());
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < wanted; i++) chosen.add(uids.get((int) ((long) i * uids.size() / wanted)));

        String[] hostPort = opt("--ldap", "127.0.0.1:389").split(":");
        LDAPConnection ldap = new LDAPConnection(hostPort[0], Integer.parseInt(hostPort[1]), opt("--ldap-bind-dn", null),
                opt("--ldap-password", null));

        // 1. sign everyone in (authorization code + PKCE, form login with an LDAP bind)
        long s0 = System.nanoTime();
        Map<String, LoadClient.Tokens> tokens = new LinkedHashMap<>();
        LoadClient.Http http = new LoadClient.Http();
        for (String uid : chosen) {
            tokens.put(uid, LoadClient.login(uid + "@" + domain, http));
        }
        double signInS = (System.nanoTime() - s0) / 1e9;
        System.out.printf(Locale.ROOT, "signed in %d agents in %.1f s (%.0f ms each)%n", chosen.size(), signInS,
                signInS * 1000 / chosen.size());
        String claims = payload(tokens.get(chosen.get(0)).accessToken());
        System.out.println("access token claims of " + chosen.get(0) + ": " + claims);

        // 2. one change at a time
        long[] refreshMs = new long[changes];
        long[] introspectMs = new long[changes];
        long[] modifyMs = new long[changes];
        int[] refreshPolls = new int[changes];
        List<String> errors = new ArrayList<>();
        List<String> disabled = new ArrayList<>();
        try (PrintWriter raw = new PrintWriter(Files.newBufferedWriter(Path.of(out + ".csv"), StandardCharsets.UTF_8))) {
            raw.println("change,uid,modify_ms,refresh_refused_ms,introspection_inactive_ms,refresh_polls,refused_with");
            for (int c = 0; c < changes; c++) {
                String uid = chosen.get(c);
                LoadClient.Tokens t = tokens.get(uid);
                Thread.sleep(ThreadLocalRandom.current().nextLong(jitterMs + 1));
                // still working before the change?
                LoadClient.Resp pre = refresh(http, t.refreshToken());
                if (pre.status() != 200) {
                    errors.add(uid + ": refresh refused before the change: " + pre.status() + " " + LoadClient.snippet(pre.body()));
                    refreshMs[c] = introspectMs[c] = -1;
                    continue;
                }
                t = LoadClient.tokens(pre, "pre");
                long m0 = System.nanoTime();
                ldap.modify(String.format(userDn, uid), new Modification(ModificationType.REPLACE, "employeeType", "inactive"));
                long t0 = System.nanoTime();
                disabled.add(uid);
                modifyMs[c] = (t0 - m0) / 1_000_000;
                long refreshAt = -1, introspectAt = -1;
                int polls = 0;
                String refusedWith = "";
                String refreshToken = t.refreshToken(), accessToken = t.accessToken();
                for (long tick = 0; (refreshAt < 0 || introspectAt < 0); tick++) {
                    long due = t0 + tick * pollMs * 1_000_000;
                    long wait = due - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    if (System.nanoTime() - t0 > timeoutMs * 1_000_000) {
                        errors.add(uid + ": not revoked after " + timeoutMs + " ms (refresh " + refreshAt + ", introspection " + introspectAt + ")");
                        break;
                    }
                    if (refreshAt < 0) {
                        polls++;
                        LoadClient.Resp r = refresh(http, refreshToken);
                        long now = System.nanoTime();
                        if (r.status() == 200) {
                            LoadClient.Tokens nt = LoadClient.tokens(r, "poll");
                            refreshToken = nt.refreshToken() != null ? nt.refreshToken() : refreshToken;
                            accessToken = nt.accessToken();
                        } else {
                            refreshAt = (now - t0) / 1_000_000;
                            Matcher e = LoadClient.ERROR.matcher(r.body() == null ? "" : r.body());
                            refusedWith = r.status() + (e.find() ? ":" + e.group(1) : "");
                        }
                    }
                    if (introspectAt < 0) {
                        LoadClient.Resp r = introspect(http, accessToken);
                        long now = System.nanoTime();
                        if (r.status() == 200 && !LoadClient.ACTIVE_TRUE.matcher(r.body()).find()) {
                            introspectAt = (now - t0) / 1_000_000;
                        }
                    }
                }
                refreshMs[c] = refreshAt;
                introspectMs[c] = introspectAt;
                refreshPolls[c] = polls;
                raw.printf(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%s%n", c + 1, uid, modifyMs[c], refreshAt, introspectAt, polls, refusedWith);
                raw.flush();
                System.out.printf(Locale.ROOT, "change %3d %s: refresh refused after %5d ms (%s), access token inactive after %5d ms%n",
                        c + 1, uid, refreshAt, refusedWith, introspectAt);
            }
        }

        // 3. the agents that stayed enabled must still work (no collateral revocation)
        int controlsOk = 0;
        for (String uid : chosen.subList(changes, chosen.size())) {
            LoadClient.Resp r = refresh(http, tokens.get(uid).refreshToken());
            if (r.status() == 200) controlsOk++;
            else errors.add("control " + uid + ": refresh refused: " + r.status() + " " + LoadClient.snippet(r.body()));
        }

        if (restore) {
            for (String uid : disabled) {
                ldap.modify(String.format(userDn, uid), new Modification(ModificationType.REPLACE, "employeeType", "titulaire"));
            }
        }
        ldap.close();

        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            w.printf(Locale.ROOT, "agents_signed_in=%d%nsign_in_ms_each=%.0f%nchanges=%d%npoll_ms=%d%njitter_ms=%d%n",
                    chosen.size(), signInS * 1000 / chosen.size(), changes, pollMs, jitterMs);
            stats(w, "refresh_refused", refreshMs);
            stats(w, "introspection_inactive", introspectMs);
            stats(w, "ldap_modify", modifyMs);
            w.printf(Locale.ROOT, "refresh_polls_mean=%.1f%n", Arrays.stream(refreshPolls).average().orElse(0));
            w.printf(Locale.ROOT, "controls_still_working=%d/%d%n", controlsOk, chosen.size() - changes);
            w.printf(Locale.ROOT, "errors=%d%n", errors.size());
            for (String e : errors) w.println("error=" + e);
            w.println("claims_example=" + claims);
        }
        System.out.print(Files.readString(out));
    }

    static LoadClient.Resp refresh(LoadClient.Http h, String refreshToken) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return LoadClient.postClientAuth(h, LoadClient.tokenEp, form);
    }

    static LoadClient.Resp introspect(LoadClient.Http h, String token) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", "access_token");
        return LoadClient.postClientAuth(h, LoadClient.introspectEp, form);
    }

    static void stats(PrintWriter w, String name, long[] values) {
        long[] ok = Arrays.stream(values).filter((v) -> v >= 0).sorted().toArray();
        w.printf(Locale.ROOT, "%s_n=%d%n", name, ok.length);
        if (ok.length == 0) return;
        w.printf(Locale.ROOT, "%s_min_ms=%d%n%s_p50_ms=%d%n%s_p90_ms=%d%n%s_p99_ms=%d%n%s_max_ms=%d%n%s_mean_ms=%.0f%n",
                name, ok[0], name, pct(ok, 50), name, pct(ok, 90), name, pct(ok, 99), name, ok[ok.length - 1], name,
                Arrays.stream(ok).average().orElse(0));
    }

    /** Nearest-rank percentile. */
    static long pct(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String payload(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) return "(opaque token)";
        return new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    }
}
