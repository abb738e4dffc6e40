import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs agents in through the gateway exactly as a browser does, so that the sessions the benchmark replays are the
 * state a real sign-in leaves (nothing is written into the session store by hand): GET an application page on the
 * gateway → the gateway's redirect to auth-server's authorization endpoint → auth-server's login form → POST the
 * agent's login and password (an LDAP bind) → back to the gateway with a code, which the gateway exchanges for
 * tokens → the application page, through the gateway, answered by the upstream. Each agent has its own cookie jar.
 * Writes one gateway session cookie value a line.
 *
 * <p>
 * With {@code --portal URL} it signs agents in at LemonLDAP::NG's portal instead (its login form, an LDAP bind
 * against the same directory), keeps the portal's session cookie ({@code --cookie lemonldap}) and checks it opens
 * {@code --check URL} through LemonLDAP::NG's handler.
 *
 * <pre>
 *   java bench/gateway/GatewaySignIn.java --gateway http://127.0.0.1:18080 --path /bench/ \
 *     --users 'agent%03d@rivebelle.fr' --range 1-1000 --password 'Bench-Passw0rd!' --concurrency 8 --out sessions.txt
 * </pre>
 */
public class GatewaySignIn {

	static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	static final Pattern ATTR = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i], args[i + 1]);
		}
		String gateway = options.getOrDefault("--gateway", "http://127.0.0.1:18080");
		String path = options.getOrDefault("--path", "/bench/");
		String users = options.getOrDefault("--users", "agent%04d@rivebelle.fr");
		String[] range = options.getOrDefault("--range", "1-1000").split("-");
		String password = options.getOrDefault("--password", "Bench-Passw0rd!");
		String cookieName = options.getOrDefault("--cookie", "SESAME_GATEWAY");
		String portal = options.get("--portal");
		String check = options.get("--check");
		int concurrency = Integer.parseInt(options.getOrDefault("--concurrency", "8"));
		Path out = Path.of(options.getOrDefault("--out", "sessions.txt"));

		List<String> logins = new ArrayList<>();
		for (int n = Integer.parseInt(range[0]); n <= Integer.parseInt(range[1]); n++) {
			logins.add(String.format(users, n));
		}
		Map<Integer, String> cookies = new ConcurrentHashMap<>();
		AtomicInteger failures = new AtomicInteger();
		long start = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(concurrency);
		List<Future<?>> done = new ArrayList<>();
		for (int i = 0; i < logins.size(); i++) {
			int index = i;
			done.add(pool.submit(() -> {
				try {
					cookies.put(index, (portal != null)
							? signInAtPortal(URI.create(portal), URI.create(check), logins.get(index), password, cookieName)
							: signIn(URI.create(gateway + path), logins.get(index), password, cookieName));
				}
				catch (Exception ex) {
					if (failures.incrementAndGet() <= 5) {
						System.err.println(logins.get(index) + ": " + ex);
					}
				}
			}));
		}
		for (Future<?> future : done) {
			future.get();
		}
		pool.shutdown();
		double seconds = (System.nanoTime() - start) / 1e9;
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < logins.size(); i++) {
			if (cookies.containsKey(i)) {
				lines.add(cookies.get(i));
			}
		}
		Files.write(out, lines);
		System.out.printf("signed_in=%d failed=%d seconds=%.1f sign_ins_per_s=%.1f%n", lines.size(), failures.get(),
				seconds, lines.size() / seconds);
		if (failures.get() > 0) {
			System.exit(1);
		}
	}

	/** @return the gateway session cookie's value once the agent is signed in and the page came back 200 */
	static String signIn(URI page, String login, String password, String cookieName) throws Exception {
		CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(jar)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		// 1. the application page → gateway → auth-server → login form
		URI current = page;
		HttpResponse<String> response = get(http, current);
		for (int hop = 0; hop < 10 && isRedirect(response); hop++) {
			current = current.resolve(response.headers().firstValue("Location").orElseThrow());
			response = get(http, current);
		}
		if (response.statusCode() != 200) {
			throw new IllegalStateException("no login page: " + response.statusCode() + " at " + current);
		}
		// 2. the login form: its hidden fields (CSRF) plus the credentials
		Matcher form = FORM.matcher(response.body());
		Map<String, String> fields = new LinkedHashMap<>();
		URI action = null;
		while (form.find()) {
			if (!form.group(2).contains("name=\"password\"")) {
				continue;
			}
			action = current.resolve(unescape(attributes(form.group(1)).getOrDefault("action", current.toString())));
			Matcher input = INPUT.matcher(form.group(2));
			while (input.find()) {
				Map<String, String> a = attributes(input.group(1));
				if ("hidden".equalsIgnoreCase(a.get("type")) && a.containsKey("name")) {
					fields.put(a.get("name"), unescape(a.getOrDefault("value", "")));
				}
			}
			break;
		}
		if (action == null) {
			throw new IllegalStateException("no login form at " + current);
		}
		fields.put("username", login);
		fields.put("password", password);
		response = http.send(HttpRequest.newBuilder(action)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(encode(fields)))
			.build(), HttpResponse.BodyHandlers.ofString());
		current = action;
		// 3. back through the authorization endpoint to the gateway's callback, then the page itself
		for (int hop = 0; hop < 10 && isRedirect(response); hop++) {
			current = current.resolve(response.headers().firstValue("Location").orElseThrow());
			response = get(http, current);
		}
		if (response.statusCode() != 200 || !current.getPath().equals(page.getPath())) {
			throw new IllegalStateException("sign-in ended with " + response.statusCode() + " at " + current);
		}
		return jar.getCookieStore()
			.get(page)
			.stream()
			.filter((cookie) -> cookie.getName().equals(cookieName))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no " + cookieName + " cookie"));
	}

	/** LemonLDAP::NG: the portal's login form, posted; its session cookie, checked on the protected host. */
	static String signInAtPortal(URI portal, URI check, String login, String password, String cookieName)
			throws Exception {
		HttpClient http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		HttpResponse<String> page = get(http, portal);
		Map<String, String> fields = new LinkedHashMap<>();
		URI action = portal;
		Matcher form = FORM.matcher(page.body());
		while (form.find()) {
			if (!form.group(2).contains("name=\"password\"")) {
				continue;
			}
			String target = attributes(form.group(1)).get("action");
			action = (target == null || target.isEmpty() || target.startsWith("#")) ? portal : portal.resolve(unescape(target));
			Matcher input = INPUT.matcher(form.group(2));
			while (input.find()) {
				Map<String, String> a = attributes(input.group(1));
				if ("hidden".equalsIgnoreCase(a.get("type")) && a.containsKey("name")) {
					fields.put(a.get("name"), unescape(a.getOrDefault("value", "")));
				}
			}
			break;
		}
		fields.put("user", login);
		fields.put("password", password);
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(action)
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "text/html")
			.POST(HttpRequest.BodyPublishers.ofString(encode(fields)))
			.build(), HttpResponse.BodyHandlers.ofString());
		String session = response.headers()
			.allValues("set-cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith(cookieName + "="))
			.map((cookie) -> cookie.substring(cookieName.length() + 1).split(";", 2)[0])
			.filter((value) -> !value.isEmpty() && !value.equals("0"))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no " + cookieName + " cookie after the login form: "
					+ response.statusCode()));
		HttpResponse<String> protectedPage = http.send(HttpRequest.newBuilder(check)
			.timeout(Duration.ofSeconds(30))
			.header("Cookie", cookieName + "=" + session)
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
		if (protectedPage.statusCode() != 200) {
			throw new IllegalStateException("the session does not open " + check + ": " + protectedPage.statusCode());
		}
		return session;
	}

	static HttpResponse<String> get(HttpClient http, URI uri) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "text/html")
			.GET()
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	static boolean isRedirect(HttpResponse<?> response) {
		return response.statusCode() >= 300 && response.statusCode() < 400;
	}

	static Map<String, String> attributes(String tag) {
		Map<String, String> attributes = new LinkedHashMap<>();
		Matcher m = ATTR.matcher(tag);
		while (m.find()) {
			attributes.putIfAbsent(m.group(1).toLowerCase(), (m.group(2) != null) ? m.group(2) : m.group(3));
		}
		return attributes;
	}

	static String unescape(String value) {
		return value.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
			.replace("&gt;", ">");
	}

	static String encode(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
