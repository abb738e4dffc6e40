import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * HARNESS SELF-TEST ONLY — not Sésame, and its figures mean nothing. A tiny OIDC-shaped server (JDK only) that mimics
 * the shape of Spring Authorization Server's flow (authorize → 302 /login → HTML form with a _csrf hidden input →
 * POST /login → 302 back to authorize → 302 redirect_uri?code=…; token endpoint with client_credentials,
 * authorization_code + PKCE S256, refresh_token with rotation; introspection; /actuator/health), so that
 * run.sh's Sésame branch can be exercised before the real server exists:
 *
 *   SESAME_CMD='{java} bench/MockOidcServer.java' SESAME_CLIENT_SECRET=mock-secret bench/run.sh --sesame-only --quick
 *
 * Accepts any login with the password Bench-Passw0rd!; client bench-client / mock-secret. Listens on 127.0.0.1:9000.
 */
public class MockOidcServer {
    static final String ISSUER = "http://localhost:9000", CLIENT = "bench-client", SECRET = "mock-secret";
    static final SecureRandom RND = new SecureRandom();
    static final Map<String, Map<String, String>> SESSIONS = new ConcurrentHashMap<>();
    static final Map<String, String[]> CODES = new ConcurrentHashMap<>(); // code -> {challenge, redirect}
    static final Map<String, Boolean> ACCESS = new ConcurrentHashMap<>(), REFRESH = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // else Nagle + delayed ACK add 40 ms on keep-alive
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 9000), 512);
        s.setExecutor(Executors.newFixedThreadPool(32));
        s.createContext("/", MockOidcServer::handle);
        s.start();
        System.out.println("MockOidcServer (harness self-test, not Sésame) on 127.0.0.1:9000");
    }

    static void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            switch (path) {
                case "/actuator/health" -> send(x, 200, "application/json", "{\"status\":\"UP\"}");
                case "/.well-known/openid-configuration" -> send(x, 200, "application/json",
                        "{\"issuer\":\"" + ISSUER + "\",\"authorization_endpoint\":\"" + ISSUER + "/oauth2/authorize\","
                                + "\"token_endpoint\":\"" + ISSUER + "/oauth2/token\",\"introspection_endpoint\":\""
                                + ISSUER + "/oauth2/introspect\"}");
                case "/oauth2/authorize" -> authorize(x);
                case "/login" -> login(x);
                case "/oauth2/token" -> token(x);
                case "/oauth2/introspect" -> introspect(x);
                default -> send(x, 404, "text/plain", "not found");
            }
        } catch (Exception e) {
            send(x, 500, "text/plain", e.toString());
        }
    }

    static Map<String, String> session(HttpExchange x, boolean create) {
        String c = x.getRequestHeaders().getFirst("Cookie");
        if (c != null) for (String p : c.split(";\\s*"))
            if (p.startsWith("JSESSIONID=") && SESSIONS.containsKey(p.substring(11))) return SESSIONS.get(p.substring(11));
        if (!create) return null;
        String id = rnd(16);
        Map<String, String> m = new ConcurrentHashMap<>();
        m.put("id", id);
        SESSIONS.put(id, m);
        x.getResponseHeaders().add("Set-Cookie", "JSESSIONID=" + id + "; Path=/; HttpOnly; SameSite=Lax");
        return m;
    }

    static void authorize(HttpExchange x) throws IOException {
        Map<String, String> q = parse(x.getRequestURI().getRawQuery());
        Map<String, String> s = session(x, true);
        if (!CLIENT.equals(q.get("client_id")) || q.get("code_challenge") == null) { send(x, 400, "text/plain", "bad request"); return; }
        if (s.containsKey("user")) {
            String code = rnd(24);
            CODES.put(code, new String[]{q.get("code_challenge"), q.get("redirect_uri")});
            redirect(x, q.get("redirect_uri") + "?code=" + code + "&state=" + enc(q.get("state")));
            return;
        }
        s.put("saved", x.getRequestURI().toString());
        redirect(x, ISSUER + "/login");
    }

    static void login(HttpExchange x) throws IOException {
        Map<String, String> s = session(x, true);
        if (x.getRequestMethod().equals("GET")) {
            String csrf = rnd(24);
            s.put("csrf", csrf);
            send(x, 200, "text/html; charset=utf-8", "<!doctype html><html lang=\"fr\"><body><form class=\"lang\" action=\"/lang\"><select name=\"l\"></select></form>"
                    + "<form class=\"login-form\" method=\"post\" action=\"/login\"><label for=\"username\">Identifiant</label>"
                    + "<input type=\"text\" id=\"username\" name=\"username\" autocomplete=\"username\">"
                    + "<input type=\"password\" id=\"password\" name=\"password\" autocomplete=\"current-password\">"
                    + "<input name=\"_csrf\" type=\"hidden\" value=\"" + csrf + "\" /><button>Se connecter</button></form></body></html>");
            return;
        }
        Map<String, String> f = parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!s.getOrDefault("csrf", "?").equals(f.get("_csrf"))) { send(x, 403, "text/plain", "csrf"); return; }
        if (!"Bench-Passw0rd!".equals(f.get("password")) || f.getOrDefault("username", "").isEmpty()) {
            send(x, 200, "text/html", "<form method=\"post\" action=\"/login\"><input name=\"password\" type=\"password\"></form>");
            return;
        }
        // session fixation protection: new session id
        SESSIONS.remove(s.get("id"));
        String id = rnd(16);
        s.put("id", id);
        s.put("user", f.get("username"));
        SESSIONS.put(id, s);
        x.getResponseHeaders().add("Set-Cookie", "JSESSIONID=" + id + "; Path=/; HttpOnly; SameSite=Lax");
        redirect(x, s.get("saved"));
    }

    static boolean clientOk(HttpExchange x) {
        String a = x.getRequestHeaders().getFirst("Authorization");
        return a != null && a.equals("Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes()));
    }

    static void token(HttpExchange x) throws Exception {
        Map<String, String> f = parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!clientOk(x)) { send(x, 401, "application/json", "{\"error\":\"invalid_client\"}"); return; }
        String grant = f.getOrDefault("grant_type", "");
        boolean refresh = false;
        switch (grant) {
            case "client_credentials" -> { }
            case "authorization_code" -> {
                String[] c = CODES.remove(f.getOrDefault("code", ""));
                String v = f.getOrDefault("code_verifier", "");
                String ch = Base64.getUrlEncoder().withoutPadding().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(v.getBytes(StandardCharsets.US_ASCII)));
                if (c == null || !c[0].equals(ch)) { send(x, 400, "application/json", "{\"error\":\"invalid_grant\"}"); return; }
                refresh = true;
            }
            case "refresh_token" -> {
                if (REFRESH.remove(f.getOrDefault("refresh_token", "")) == null) {
                    send(x, 400, "application/json", "{\"error\":\"invalid_grant\"}"); return;
                }
                refresh = true;
            }
            default -> { send(x, 400, "application/json", "{\"error\":\"unsupported_grant_type\"}"); return; }
        }
        String at = rnd(32);
        ACCESS.put(at, true);
        String body = "{\"access_token\":\"" + at + "\",\"token_type\":\"Bearer\",\"expires_in\":300";
        if (refresh) { String rt = rnd(32); REFRESH.put(rt, true); body += ",\"refresh_token\":\"" + rt + "\""; }
        send(x, 200, "application/json", body + "}");
    }

    static void introspect(HttpExchange x) throws IOException {
        Map<String, String> f = parse(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!clientOk(x)) { send(x, 401, "application/json", "{\"error\":\"invalid_client\"}"); return; }
        send(x, 200, "application/json", ACCESS.containsKey(f.getOrDefault("token", "")) ? "{\"active\":true}" : "{\"active\":false}");
    }

    static void redirect(HttpExchange x, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    static Map<String, String> parse(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) return m;
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) m.put(URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
        }
        return m;
    }

    static String enc(String s) { return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8); }

    static String rnd(int n) { byte[] b = new byte[n]; RND.nextBytes(b); return Base64.getUrlEncoder().withoutPadding().encodeToString(b); }
}
