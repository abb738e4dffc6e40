import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Small self-contained OAuth2/OIDC load client (JDK 17 only, no dependencies).
 *
 * <pre>
 * java LoadClient.java SCENARIO --issuer URL --client-id ID --client-secret SECRET [options]
 *
 * Scenarios:
 *   client-credentials  POST token grant_type=client_credentials (HTTP Basic)
 *   login               full authorization code + PKCE login: authorize -> login form -> POST credentials ->
 *                       redirects up to redirect_uri?code= (never fetched) -> token exchange with code_verifier
 *   refresh             one login per worker first, then grant_type=refresh_token in a loop, always with the
 *                       latest (rotated) refresh token; a broken chain is counted as an error and re-logged in
 *   introspect          one access token (client_credentials, or --introspect-token login), then POST it to the
 *                       introspection endpoint (HTTP Basic) in a loop; "active":false counts as an error
 *
 * Endpoints come from ISSUER/.well-known/openid-configuration unless given with --authorize-endpoint,
 * --token-endpoint, --introspect-endpoint (then --issuer is optional).
 *
 * Options (defaults in brackets):
 *   --concurrency N [16]  --warmup S [10]  --duration S [20]  --timeout S [30]  --label TEXT
 *   --users PATTERN [agent%03d]  --user-range A-B [1-200]  --users-file FILE (one login a line; overrides)
 *   --password P  --redirect-uri URI [http://127.0.0.1:9999/callback]  --scope S [openid]
 *   --cc-scope S (scope sent with client_credentials; none by default)
 *   --auth-method basic|post [basic]  --public (no secret: client_id in the body, PKCE only)
 *   --username-field NAME [username]  --password-field NAME [password]
 *   --form-match REGEX    choose the login form whose HTML matches REGEX [first form with the password field]
 *   --form-extra K=V      extra/overriding field of the login form POST (repeatable)
 *   --introspect-token cc|login [cc]
 *   --pid PID             server process: sample VmRSS (/proc/PID/status) and CPU (/proc/PID/stat)
 *   --out FILE            write results as key=value lines (for run.sh)
 *   --verbose             print details of the first few errors
 * </pre>
 * Every worker runs its own operations back to back (closed loop) over its own keep-alive connection (a small
 * built-in HTTP/1.1 client, http:// only: java.net.http costs ~0.6 ms CPU a request, too much beside the server on
 * 2 cores). Operations completing during the warm-up are discarded; throughput and latency count operations that
 * complete within the measurement window. The machine's busy CPU (/proc/stat) is reported beside the server's and
 * the client's, so that a run disturbed by other work shows.
 */
public class LoadClient {

    // ------------------------------------------------------------------ options
    static final Map<String, String> OPT = new LinkedHashMap<>();
    static final List<String> FORM_EXTRA = new ArrayList<>();
    static final List<String> FLAGS = List.of("--public", "--verbose");

    static String opt(String k, String def) { return OPT.getOrDefault(k, def); }
    static int optInt(String k, int def) { return Integer.parseInt(opt(k, String.valueOf(def))); }
    static double optD(String k, double def) { return Double.parseDouble(opt(k, String.valueOf(def))); }
    static boolean flag(String k) { return OPT.containsKey(k); }

    // ------------------------------------------------------------------ config
    static String scenario, authorizeEp, tokenEp, introspectEp, clientId, clientSecret, redirectUri, scope, ccScope;
    static String password, usernameField, passwordField, label;
    static Pattern formMatch;
    static boolean publicClient, basicAuth, verbose;
    static List<String> users;
    static Duration timeout;
    static final SecureRandom RND = new SecureRandom();
    static final AtomicInteger verboseLeft = new AtomicInteger(5);

    // ------------------------------------------------------------------ measurement
    static volatile long measureStart = Long.MAX_VALUE, measureEnd = Long.MAX_VALUE;
    static final ConcurrentHashMap<String, AtomicLong> ERRORS = new ConcurrentHashMap<>();
    static final AtomicLong HTTP_REQUESTS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-h") || args[0].equals("--help")) {
            usage();
            return;
        }
        scenario = args[0];
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) die("unexpected argument " + a);
            if (FLAGS.contains(a)) { OPT.put(a, "true"); continue; }
            if (i + 1 >= args.length) die("missing value for " + a);
            if (a.equals("--form-extra")) FORM_EXTRA.add(args[++i]);
            else OPT.put(a, args[++i]);
        }
        if (!List.of("client-credentials", "login", "refresh", "introspect").contains(scenario))
            die("unknown scenario " + scenario);

        timeout = Duration.ofSeconds(optInt("--timeout", 30));
        clientId = opt("--client-id", null);
        clientSecret = opt("--client-secret", null);
        publicClient = flag("--public");
        basicAuth = opt("--auth-method", "basic").equals("basic");
        verbose = flag("--verbose");
        redirectUri = opt("--redirect-uri", "http://127.0.0.1:9999/callback");
        scope = opt("--scope", "openid");
        ccScope = opt("--cc-scope", null);
        password = opt("--password", null);
        usernameField = opt("--username-field", "username");
        passwordField = opt("--password-field", "password");
        formMatch = OPT.containsKey("--form-match") ? Pattern.compile(opt("--form-match", null), Pattern.DOTALL) : null;
        label = opt("--label", "");
        if (clientId == null) die("--client-id is required");
        if (!publicClient && clientSecret == null) die("--client-secret is required (or --public)");
        discover();
        users = loadUsers();

        int concurrency = optInt("--concurrency", 16);
        double warmup = optD("--warmup", 10), duration = optD("--duration", 20);
        long pid = Long.parseLong(opt("--pid", "0"));

        System.out.printf(Locale.ROOT, "%s %s: %d workers, warm-up %.0f s, measure %.0f s, token endpoint %s%n",
                label, scenario, concurrency, warmup, duration, tokenEp);

        // Scenario-specific preparation (not measured).
        String sharedToken = null;
        String[] refreshTokens = new String[concurrency];
        if (scenario.equals("introspect")) {
            sharedToken = opt("--introspect-token", "cc").equals("login")
                    ? login(users.get(0), new Http()).accessToken : clientCredentials(new Http()).accessToken;
        }
        if (scenario.equals("refresh")) {
            if (publicClient && users == null) die("refresh needs users");
            ExecutorService prep = Executors.newFixedThreadPool(concurrency);
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                final int ww = w;
                fs.add(prep.submit(() -> {
                    Tokens t = login(users.get(ww % users.size()), new Http());
                    if (t.refreshToken == null) throw new FlowError("no-refresh-token-issued");
                    refreshTokens[ww] = t.refreshToken;
                    return null;
                }));
            }
            for (var f : fs) {
                try { f.get(); } catch (java.util.concurrent.ExecutionException e) {
                    die("refresh preparation (login) failed: " + e.getCause());
                }
            }
            prep.shutdown();
        }

        Sampler sampler = pid > 0 ? new Sampler(pid) : null;
        long rssBefore = sampler != null ? sampler.rssKb() : -1;
        long serverCpuStart = 0;
        long clientCpuStart = 0;

        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[concurrency];
        long[][] lat = new long[concurrency][];
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long t0 = System.nanoTime();
        measureStart = t0 + (long) (warmup * 1e9);
        measureEnd = measureStart + (long) (duration * 1e9);
        final String tokenForIntrospect = sharedToken;
        for (int w = 0; w < concurrency; w++) {
            final int worker = w;
            pool.submit(() -> {
                long[] buf = new long[4096];
                int n = 0;
                int userIdx = worker;
                String rt = refreshTokens[worker];
                Http h = new Http();
                while (true) {
                    long start = System.nanoTime();
                    if (start >= measureEnd) break;
                    String err = null;
                    h.count = 0;
                    try {
                        switch (scenario) {
                            case "client-credentials": clientCredentials(h); break;
                            case "login":
                                login(users.get(userIdx % users.size()), h);
                                userIdx += concurrency;
                                break;
                            case "refresh":
                                try {
                                    rt = refresh(rt, h);
                                } catch (FlowError fe) {
                                    // chain broken: count the error, start a new chain (not timed)
                                    err = fe.key;
                                    try { rt = login(users.get(userIdx++ % users.size()), h).refreshToken; }
                                    catch (Exception ignore) { sleep(50); }
                                }
                                break;
                            case "introspect": introspect(tokenForIntrospect, h); break;
                            default: throw new IllegalStateException();
                        }
                    } catch (FlowError fe) {
                        err = fe.key;
                    } catch (IOException e) {
                        err = "io:" + e.getClass().getSimpleName();
                        if (verbose && verboseLeft.getAndDecrement() > 0) System.err.println("ERROR " + e);
                        sleep(20);
                    } catch (InterruptedException e) {
                        break;
                    } catch (Exception e) {
                        err = "exception:" + e.getClass().getSimpleName();
                        if (verbose && verboseLeft.getAndDecrement() > 0) e.printStackTrace();
                    }
                    long end = System.nanoTime();
                    if (end >= measureStart && end < measureEnd) {
                        HTTP_REQUESTS.addAndGet(h.count);
                        if (err == null) {
                            if (n == buf.length) buf = Arrays.copyOf(buf, n * 2);
                            buf[n++] = end - start;
                        } else {
                            ERRORS.computeIfAbsent(err, k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }
                h.close();
                lat[worker] = buf;
                counts[worker] = n;
                return null;
            });
        }
        // Wait for the measurement window, sampling the server meanwhile.
        sleepUntil(measureStart);
        if (sampler != null) serverCpuStart = sampler.cpuTicks();
        clientCpuStart = clientCpuNanos();
        long machineCpuStart = machineBusyTicks();
        long rssMax = 0, rssSum = 0, rssN = 0;
        while (System.nanoTime() < measureEnd) {
            if (sampler != null) {
                long r = sampler.rssKb();
                if (r > 0) { rssMax = Math.max(rssMax, r); rssSum += r; rssN++; }
            }
            sleepUntil(Math.min(measureEnd, System.nanoTime() + 500_000_000L));
        }
        long serverCpuEnd = sampler != null ? sampler.cpuTicks() : 0;
        long clientCpuEnd = clientCpuNanos();
        long machineCpuEnd = machineBusyTicks();
        long rssAfter = sampler != null ? sampler.rssKb() : -1;
        pool.shutdown();
        if (!pool.awaitTermination(timeout.toSeconds() + 10, TimeUnit.SECONDS)) pool.shutdownNow();

        int total = 0;
        for (int c : counts) total += c;
        long[] all = new long[total];
        int p = 0;
        for (int w = 0; w < concurrency; w++) {
            if (lat[w] == null) continue;
            System.arraycopy(lat[w], 0, all, p, counts[w]);
            p += counts[w];
        }
        all = Arrays.copyOf(all, p);
        Arrays.sort(all);
        long errTotal = ERRORS.values().stream().mapToLong(AtomicLong::get).sum();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("label", label);
        out.put("scenario", scenario);
        out.put("concurrency", String.valueOf(concurrency));
        out.put("warmup_s", fmt(warmup));
        out.put("duration_s", fmt(duration));
        out.put("ops", String.valueOf(all.length));
        out.put("ops_per_s", fmt(all.length / duration));
        out.put("http_per_s", fmt(HTTP_REQUESTS.get() / duration));
        out.put("p50_ms", fmt(pct(all, 0.50)));
        out.put("p90_ms", fmt(pct(all, 0.90)));
        out.put("p99_ms", fmt(pct(all, 0.99)));
        out.put("max_ms", fmt(all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6));
        out.put("mean_ms", fmt(all.length == 0 ? Double.NaN : Arrays.stream(all).average().orElse(0) / 1e6));
        out.put("errors_total", String.valueOf(errTotal));
        StringBuilder eb = new StringBuilder();
        new TreeMap<>(ERRORS).forEach((k, v) -> eb.append(eb.length() == 0 ? "" : ",").append(k).append('=').append(v.get()));
        out.put("errors", eb.toString());
        if (sampler != null) {
            out.put("rss_before_mb", fmt(rssBefore / 1024.0));
            out.put("rss_max_mb", fmt(rssMax / 1024.0));
            out.put("rss_avg_mb", fmt(rssN == 0 ? Double.NaN : rssSum / (double) rssN / 1024.0));
            out.put("rss_after_mb", fmt(rssAfter / 1024.0));
            out.put("server_cpu_cores", fmt((serverCpuEnd - serverCpuStart) / (double) Sampler.HZ / duration));
        }
        double clientCores = (clientCpuEnd - clientCpuStart) / 1e9 / duration;
        double machineCores = (machineCpuEnd - machineCpuStart) / (double) Sampler.HZ / duration;
        out.put("client_cpu_cores", fmt(clientCores));
        out.put("machine_cpu_cores", fmt(machineCores));
        if (sampler != null) // everything else: the directory, other processes (a busy machine skews the figures)
            out.put("other_cpu_cores", fmt(Math.max(0, machineCores - clientCores
                    - (serverCpuEnd - serverCpuStart) / (double) Sampler.HZ / duration)));
        StringBuilder sb = new StringBuilder();
        out.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        System.out.printf(Locale.ROOT,
                "%s %s c=%d: %s ops/s (%s http req/s), latency ms p50 %s p90 %s p99 %s max %s, errors %d%s%s%n",
                label, scenario, concurrency, out.get("ops_per_s"), out.get("http_per_s"), out.get("p50_ms"),
                out.get("p90_ms"), out.get("p99_ms"), out.get("max_ms"), errTotal,
                errTotal > 0 ? " {" + eb + "}" : "",
                sampler != null ? ", server RSS max " + out.get("rss_max_mb") + " MB, CPU cores server "
                        + out.get("server_cpu_cores") + " client " + out.get("client_cpu_cores") + " other "
                        + out.get("other_cpu_cores") : "");
        String outFile = opt("--out", null);
        if (outFile != null) Files.writeString(Path.of(outFile), sb.toString());
        System.exit(0);
    }

    // ------------------------------------------------------------------ flows
    static final class FlowError extends Exception {
        final String key;
        FlowError(String key) { super(key, null, false, false); this.key = key; }
    }

    record Tokens(String accessToken, String refreshToken) { }

    static Tokens clientCredentials(Http h) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (ccScope != null) form.put("scope", ccScope);
        return tokens(postClientAuth(h, tokenEp, form), "cc");
    }

    static String refresh(String refreshToken, Http h) throws Exception {
        if (refreshToken == null) throw new FlowError("refresh:no-token");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        Tokens t = tokens(postClientAuth(h, tokenEp, form), "refresh");
        return t.refreshToken != null ? t.refreshToken : refreshToken; // rotated, or reused when not rotated
    }

    static void introspect(String token, Http h) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", token);
        form.put("token_type_hint", "access_token");
        Resp r = postClientAuth(h, introspectEp, form);
        if (r.status != 200) throw status("introspect", r);
        if (!ACTIVE_TRUE.matcher(r.body).find()) {
            detail("introspect: not active: " + r.body);
            throw new FlowError("introspect:inactive");
        }
    }

    static final Pattern ACTIVE_TRUE = Pattern.compile("\"active\"\\s*:\\s*true");

    static Tokens login(String username, Http h) throws Exception {
        Map<String, String> jar = new LinkedHashMap<>();
        String verifier = b64url(random(32));
        String challenge = b64url(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        String state = b64url(random(12)), nonce = b64url(random(12));
        Map<String, String> q = new LinkedHashMap<>();
        q.put("response_type", "code");
        q.put("client_id", clientId);
        q.put("redirect_uri", redirectUri);
        q.put("scope", scope);
        q.put("state", state);
        q.put("nonce", nonce);
        q.put("code_challenge", challenge);
        q.put("code_challenge_method", "S256");
        URI uri = URI.create(authorizeEp + (authorizeEp.contains("?") ? "&" : "?") + form(q));

        // 1. authorize, following redirects to the login page
        Resp page = null;
        for (int hop = 0; hop < 10; hop++) {
            Resp r = h.send("GET", uri, null, null, jar);
            if (isRedirect(r)) {
                URI next = location(uri, r);
                if (next.toString().startsWith(redirectUri)) throw new FlowError("authorize:redirected-without-login");
                uri = next;
                continue;
            }
            if (r.status != 200) throw status("authorize", r);
            page = r;
            break;
        }
        if (page == null) throw new FlowError("authorize:too-many-redirects");

        // 2. parse the login form and post the credentials
        LoginForm f = parseForm(page.body, uri);
        Map<String, String> fields = new LinkedHashMap<>(f.hidden);
        fields.put(usernameField, username);
        fields.put(passwordField, password);
        for (String kv : FORM_EXTRA) {
            int i = kv.indexOf('=');
            fields.put(kv.substring(0, i), kv.substring(i + 1));
        }
        Resp r = h.send("POST", f.action, FORM_HEADERS, form(fields), jar);
        URI current = f.action;

        // 3. follow redirects until redirect_uri?code=... (never fetched)
        String code = null;
        for (int hop = 0; hop < 10; hop++) {
            if (!isRedirect(r)) {
                if (r.status == 200) {
                    detail("login: 200 after credentials at " + current + ": " + snippet(r.body));
                    throw new FlowError("login:form-redisplayed");
                }
                throw status("login", r);
            }
            URI next = location(current, r);
            if (next.toString().startsWith(redirectUri)) {
                Map<String, String> params = query(next.getRawQuery());
                if (params.containsKey("error")) throw new FlowError("authorize-error:" + params.get("error"));
                if (!state.equals(params.get("state"))) throw new FlowError("login:state-mismatch");
                code = params.get("code");
                break;
            }
            current = next;
            r = h.send("GET", current, null, null, jar);
        }
        if (code == null) throw new FlowError("login:no-code");

        // 4. token exchange
        Map<String, String> tf = new LinkedHashMap<>();
        tf.put("grant_type", "authorization_code");
        tf.put("code", code);
        tf.put("redirect_uri", redirectUri);
        tf.put("code_verifier", verifier);
        return tokens(postClientAuth(h, tokenEp, tf), "code");
    }

    record LoginForm(URI action, Map<String, String> hidden) { }

    static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    static final Pattern ATTR = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))");

    /** Picks the login form (by --form-match, else the first form with the password field), its action and hidden inputs. */
    static LoginForm parseForm(String html, URI pageUri) throws FlowError {
        Matcher m = FORM.matcher(html);
        while (m.find()) {
            String whole = m.group(), inner = m.group(2);
            boolean chosen = formMatch != null ? formMatch.matcher(whole).find()
                    : Pattern.compile("name\\s*=\\s*[\"']?" + Pattern.quote(passwordField) + "[\"'\\s>]").matcher(inner).find();
            if (!chosen) continue;
            Map<String, String> attrs = attrs(m.group(1));
            String action = attrs.getOrDefault("action", "");
            URI actionUri = action.isEmpty() ? pageUri : pageUri.resolve(unescape(action).trim());
            Map<String, String> hidden = new LinkedHashMap<>();
            Matcher im = INPUT.matcher(inner);
            while (im.find()) {
                Map<String, String> ia = attrs(im.group(1));
                if ("hidden".equalsIgnoreCase(ia.get("type")) && ia.containsKey("name"))
                    hidden.put(ia.get("name"), ia.getOrDefault("value", ""));
            }
            return new LoginForm(actionUri, hidden);
        }
        detail("no login form at " + pageUri + ": " + snippet(html));
        throw new FlowError("login:no-form");
    }

    static Map<String, String> attrs(String s) {
        Map<String, String> a = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(s);
        while (m.find()) {
            String v = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            a.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), unescape(v));
        }
        return a;
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) return s;
        Matcher m = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);").matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String e = m.group(1), rep;
            if (e.startsWith("#x")) rep = new String(Character.toChars(Integer.parseInt(e.substring(2), 16)));
            else if (e.startsWith("#")) rep = new String(Character.toChars(Integer.parseInt(e.substring(1))));
            else rep = switch (e) { case "amp" -> "&"; case "lt" -> "<"; case "gt" -> ">"; case "quot" -> "\""; default -> "'"; };
            m.appendReplacement(sb, Matcher.quoteReplacement(rep));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    // ------------------------------------------------------------------ HTTP helpers
    static final Map<String, String> FORM_HEADERS = Map.of("Content-Type", "application/x-www-form-urlencoded");

    record Resp(int status, Map<String, List<String>> headers, String body, URI uri) {
        String header(String name) { List<String> v = headers.get(name); return v == null ? null : v.get(0); }
    }

    /**
     * Minimal blocking HTTP/1.1 client with keep-alive, one connection per host:port, one instance per worker
     * (so N workers = N connections, as with wrk). Far cheaper in CPU than java.net.http.HttpClient, which matters
     * when the client shares 2 cores with the server. Handles Content-Length, chunked and read-to-close bodies.
     */
    static final class Http {
        long count;
        final Map<String, Conn> conns = new HashMap<>();

        Resp send(String method, URI uri, Map<String, String> headers, String body, Map<String, String> jar) throws IOException {
            String host = uri.getHost();
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            if (!"http".equalsIgnoreCase(uri.getScheme())) throw new IOException("only http:// is supported: " + uri);
            String authority = host + ":" + port;
            StringBuilder req = new StringBuilder(256);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            req.append(method).append(' ').append(path);
            if (uri.getRawQuery() != null) req.append('?').append(uri.getRawQuery());
            req.append(" HTTP/1.1\r\nHost: ").append(uri.getPort() > 0 ? authority : host).append("\r\n");
            req.append("User-Agent: sesame-bench\r\nAccept: */*\r\n");
            if (headers != null) headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            if (jar != null && !jar.isEmpty()) {
                req.append("Cookie: ");
                boolean first = true;
                for (var e : jar.entrySet()) {
                    if (!first) req.append("; ");
                    req.append(e.getKey()).append('=').append(e.getValue());
                    first = false;
                }
                req.append("\r\n");
            }
            byte[] bodyBytes = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            if (bodyBytes != null) req.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
            req.append("\r\n");
            byte[] head = req.toString().getBytes(StandardCharsets.UTF_8);
            count++;
            for (int attempt = 0; ; attempt++) {
                Conn c = conns.get(authority);
                boolean reused = c != null;
                if (c == null) { c = new Conn(host, port); conns.put(authority, c); }
                try {
                    c.out.write(head);
                    if (bodyBytes != null) c.out.write(bodyBytes);
                    c.out.flush();
                    Resp r = c.read(method, uri);
                    String connection = r.header("connection");
                    if (connection != null && connection.equalsIgnoreCase("close") || c.closed) { c.close(); conns.remove(authority); }
                    if (jar != null) cookies(r, jar);
                    return r;
                } catch (IOException e) {
                    c.close();
                    conns.remove(authority);
                    // A kept-alive connection the server closed meanwhile: retry once on a new one.
                    if (!reused || attempt > 0 || c.gotBytes) throw e;
                }
            }
        }

        void close() { conns.values().forEach(Conn::close); conns.clear(); }
    }

    static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        boolean closed, gotBytes;

        Conn(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) timeout.toMillis());
            socket.connect(new InetSocketAddress(host, port), 5000);
            in = new BufferedInputStream(socket.getInputStream(), 16384);
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        }

        Resp read(String method, URI uri) throws IOException {
            gotBytes = false;
            String statusLine = line();
            while (statusLine.isEmpty()) statusLine = line();
            String[] sl = statusLine.split(" ", 3);
            if (sl.length < 2 || !sl[0].startsWith("HTTP/")) throw new IOException("bad status line: " + statusLine);
            int status = Integer.parseInt(sl[1]);
            Map<String, List<String>> h = new HashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int i = l.indexOf(':');
                if (i <= 0) continue;
                h.computeIfAbsent(l.substring(0, i).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>(1))
                        .add(l.substring(i + 1).trim());
            }
            byte[] body;
            List<String> te = h.get("transfer-encoding"), cl = h.get("content-length");
            if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) body = new byte[0];
            else if (te != null && te.get(te.size() - 1).toLowerCase(Locale.ROOT).contains("chunked")) body = chunked();
            else if (cl != null) body = in.readNBytes(Integer.parseInt(cl.get(0)));
            else { body = in.readAllBytes(); closed = true; }
            if (sl[0].equals("HTTP/1.0")) {
                List<String> c = h.get("connection");
                if (c == null || !c.get(0).equalsIgnoreCase("keep-alive")) closed = true;
            }
            return new Resp(status, h, new String(body, StandardCharsets.UTF_8), uri);
        }

        byte[] chunked() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line();
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                if (size == 0) {
                    while (!line().isEmpty()) { /* trailers */ }
                    return b.toByteArray();
                }
                b.write(in.readNBytes(size));
                line();
            }
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1) {
                gotBytes = true;
                if (c == '\n') {
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                    return sb.toString();
                }
                sb.append((char) c);
            }
            throw new IOException("connection closed by the server");
        }

        void close() { closed = true; try { socket.close(); } catch (IOException ignore) { } }
    }

    static void cookies(Resp r, Map<String, String> jar) {
        List<String> set = r.headers.get("set-cookie");
        if (set == null) return;
        for (String sc : set) {
            String first = sc.split(";", 2)[0];
            int i = first.indexOf('=');
            if (i <= 0) continue;
            String name = first.substring(0, i).trim(), value = first.substring(i + 1).trim();
            String lower = sc.toLowerCase(Locale.ROOT);
            if (value.isEmpty() || lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970")
                    || lower.contains("expires=thu, 01-jan-1970")) jar.remove(name);
            else jar.put(name, value);
        }
    }

    static Resp postClientAuth(Http h, String endpoint, Map<String, String> form) throws IOException {
        Map<String, String> f = new LinkedHashMap<>(form);
        Map<String, String> headers = new LinkedHashMap<>(FORM_HEADERS);
        headers.put("Accept", "application/json");
        if (publicClient) f.put("client_id", clientId);
        else if (basicAuth) headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (enc(clientId) + ":" + enc(clientSecret)).getBytes(StandardCharsets.UTF_8)));
        else { f.put("client_id", clientId); f.put("client_secret", clientSecret); }
        return h.send("POST", URI.create(endpoint), headers, form(f), null);
    }

    static final Pattern ACCESS = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern REFRESH = Pattern.compile("\"refresh_token\"\\s*:\\s*\"([^\"]+)\"");

    static Tokens tokens(Resp r, String step) throws FlowError {
        if (r.status != 200) throw status(step, r);
        Matcher a = ACCESS.matcher(r.body);
        if (!a.find()) throw new FlowError(step + ":no-access-token");
        Matcher rt = REFRESH.matcher(r.body);
        return new Tokens(a.group(1), rt.find() ? rt.group(1) : null);
    }

    static final Pattern ERROR = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]+)\"");

    static FlowError status(String step, Resp r) {
        detail(step + ": HTTP " + r.status + " " + r.uri + ": " + snippet(r.body));
        String err = "";
        Matcher m = ERROR.matcher(r.body == null ? "" : r.body);
        if (m.find()) err = ":" + m.group(1);
        return new FlowError(step + ":" + r.status + err);
    }

    static boolean isRedirect(Resp r) {
        int s = r.status;
        return (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) && r.header("location") != null;
    }

    static URI location(URI base, Resp r) {
        return base.resolve(r.header("location").trim());
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null) return m;
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            if (i < 0) m.put(URLDecoder.decode(kv, StandardCharsets.UTF_8), "");
            else m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    static String form(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(enc(k)).append('=').append(enc(v)));
        return sb.toString();
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    static void discover() throws Exception {
        authorizeEp = opt("--authorize-endpoint", null);
        tokenEp = opt("--token-endpoint", null);
        introspectEp = opt("--introspect-endpoint", null);
        String issuer = opt("--issuer", null);
        if (authorizeEp != null && tokenEp != null && introspectEp != null) return;
        if (issuer == null) die("--issuer is required unless all endpoints are given");
        String url = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        Http h = new Http();
        Resp r = h.send("GET", URI.create(url), null, null, null);
        h.close();
        if (r.status != 200) die("discovery " + url + " answered HTTP " + r.status);
        if (authorizeEp == null) authorizeEp = jsonString(r.body, "authorization_endpoint");
        if (tokenEp == null) tokenEp = jsonString(r.body, "token_endpoint");
        if (introspectEp == null) introspectEp = jsonString(r.body, "introspection_endpoint");
        if (tokenEp == null) die("no token_endpoint in " + url);
    }

    static String jsonString(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1).replace("\\/", "/") : null;
    }

    static List<String> loadUsers() throws IOException {
        if (OPT.containsKey("--users-file")) {
            List<String> l = new ArrayList<>();
            for (String s : Files.readAllLines(Path.of(opt("--users-file", null)))) if (!s.isBlank()) l.add(s.trim());
            return l;
        }
        String pattern = opt("--users", "agent%03d");
        String[] range = opt("--user-range", "1-200").split("-");
        List<String> l = new ArrayList<>();
        for (int i = Integer.parseInt(range[0]); i <= Integer.parseInt(range[1]); i++) l.add(String.format(pattern, i));
        return l;
    }

    // ------------------------------------------------------------------ server process sampling
    static final class Sampler {
        static final long HZ = Long.getLong("clk.tck", 100); // USER_HZ, 100 on Linux x86-64
        final Path status, stat;
        Sampler(long pid) { status = Path.of("/proc/" + pid + "/status"); stat = Path.of("/proc/" + pid + "/stat"); }
        long rssKb() {
            try {
                for (String l : Files.readAllLines(status))
                    if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            } catch (IOException e) { /* process gone */ }
            return -1;
        }
        long cpuTicks() {
            try {
                String s = Files.readString(stat);
                String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime (fields 14, 15)
            } catch (IOException e) { return 0; }
        }
    }

    /** Busy CPU ticks of the whole machine (first line of /proc/stat, minus idle and iowait). */
    static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) if (i != 4 && i != 5) busy += Long.parseLong(f[i]);
            return busy;
        } catch (Exception e) { return 0; }
    }

    static long clientCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    // ------------------------------------------------------------------ misc
    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    static String fmt(double d) {
        if (Double.isNaN(d)) return "NaN";
        return d >= 100 ? String.format(Locale.ROOT, "%.0f", d) : d >= 10 ? String.format(Locale.ROOT, "%.1f", d)
                : String.format(Locale.ROOT, "%.2f", d);
    }

    static byte[] random(int n) { byte[] b = new byte[n]; RND.nextBytes(b); return b; }

    static String b64url(byte[] b) { return Base64.getUrlEncoder().withoutPadding().encodeToString(b); }

    static String snippet(String s) {
        if (s == null) return "";
        s = s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    static void detail(String msg) {
        if (verbose && verboseLeft.getAndDecrement() > 0) System.err.println("ERROR " + msg);
    }

    static void sleep(long ms) { try { Thread.sleep(ms); } catch (InterruptedException e) { Thread.currentThread().interrupt(); } }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long d;
        while ((d = nanoTime - System.nanoTime()) > 0) TimeUnit.NANOSECONDS.sleep(Math.min(d, 200_000_000L));
    }

    static void die(String msg) { System.err.println("LoadClient: " + msg); System.exit(2); }

    static void usage() {
        System.out.println("usage: java LoadClient.java client-credentials|login|refresh|introspect --issuer URL "
                + "--client-id ID --client-secret SECRET [--concurrency N] [--warmup S] [--duration S] "
                + "[--users agent%03d --user-range 1-200 | --users-file F] [--password P] [--pid PID] [--out F] "
                + "(see the comment at the top of LoadClient.java)");
    }
}
