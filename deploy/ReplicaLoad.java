import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The browser side of deploy/replicas.sh (Java 17, no dependency). Only 127.0.0.1 is ever addressed.
 *
 * <pre>
 *   java ReplicaLoad.java pkce --a http://127.0.0.1:29010 --b http://127.0.0.1:29011 --issuer … --user … --password …
 *     sign in and get a code at auth-server A, exchange it at B, refresh at A, then at B (--client, --secret:
 *     a confidential client with PKCE)
 *   java ReplicaLoad.java gateways --a http://127.0.0.1:28090 --b http://127.0.0.1:28091 --user … --password …
 *     sign in through gateway A, then use the session through gateway B
 *   java ReplicaLoad.java load --gateway http://127.0.0.1:28100 --agents 1-40 --workers 8 --signin-workers 2 \
 *     --stop-file F --max-seconds 600 --events EVENTS.log --summary SUMMARY.txt
 *     signs agents in through the load balancer, then each worker loads the application page with its agents'
 *     sessions (no redirect followed) while sign-in workers sign other agents in, until F exists
 * </pre>
 *
 * Outcomes of a page load: ok (200 from the application), lost (a redirect to sign in: the session is gone), error
 * (any other status, or no answer). Every non-ok outcome is written to the events file with its time.
 */
public class ReplicaLoad {

	static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);

	static final Pattern ATTR = Pattern.compile("([a-zA-Z_:][-a-zA-Z0-9_:.]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");

	static Map<String, String> options = new LinkedHashMap<>();

	public static void main(String[] args) throws Exception {
		for (int i = 1; i + 1 < args.length; i += 2) {
			options.put(args[i], args[i + 1]);
		}
		switch (args[0]) {
			case "pkce" -> pkce();
			case "gateways" -> gateways();
			case "load" -> load();
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	static String opt(String name, String fallback) {
		return options.getOrDefault(name, fallback);
	}

	/** One browser: its own cookies, no automatic redirect. */
	static final class Browser {

		final HttpClient http;

		Browser() {
			CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
			this.http = HttpClient.newBuilder()
				.cookieHandler(cookies)
				.followRedirects(HttpClient.Redirect.NEVER)
				.connectTimeout(Duration.ofSeconds(10))
				.build();
		}

		HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
			return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
				.header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> post(URI uri, Map<String, String> form) throws IOException, InterruptedException {
			return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
				.header("Accept", "text/html").header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
		}

		/** Follows redirects (GET) from a response; returns the last response. */
		HttpResponse<String> follow(HttpResponse<String> response) throws IOException, InterruptedException {
			for (int hops = 0; hops < 20 && isRedirect(response.statusCode()); hops++) {
				URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
				response = get(next);
			}
			return response;
		}

		/**
		 * Opens {@code start} and signs in at the login form it leads to; returns the page reached after sign-in.
		 */
		HttpResponse<String> signIn(URI start, String user, String password) throws IOException, InterruptedException {
			HttpResponse<String> page = follow(get(start));
			Matcher form = FORM.matcher(page.body());
			if (page.statusCode() != 200 || !form.find()) {
				throw new IOException("no login form at " + page.uri() + " (" + page.statusCode() + ")");
			}
			Map<String, String> fields = new LinkedHashMap<>();
			Matcher input = INPUT.matcher(form.group(2));
			while (input.find()) {
				Map<String, String> a = attributes(input.group(1));
				if (a.containsKey("name") && !"submit".equalsIgnoreCase(a.get("type"))) {
					fields.put(a.get("name"), a.getOrDefault("value", ""));
				}
			}
			fields.put("username", user);
			fields.put("password", password);
			String action = attributes(form.group(1)).getOrDefault("action", page.uri().getPath());
			return follow(post(page.uri().resolve(action.replace("&amp;", "&")), fields));
		}

	}

	static boolean isRedirect(int status) {
		return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
	}

	static Map<String, String> attributes(String text) {
		Map<String, String> a = new LinkedHashMap<>();
		Matcher m = ATTR.matcher(text);
		while (m.find()) {
			a.put(m.group(1).toLowerCase(), m.group(2) != null ? m.group(2) : m.group(3));
		}
		return a;
	}

	static String encode(Map<String, String> form) {
		List<String> parts = new ArrayList<>();
		form.forEach((k, v) -> parts.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
				+ URLEncoder.encode(v, StandardCharsets.UTF_8)));
		return String.join("&", parts);
	}

	static String json(String body, String field) {
		Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
		return m.find() ? m.group(1) : null;
	}

	/** Code at A, token at B, refresh at A, refresh at B (a confidential client with PKCE: public clients get no
	 * refresh token from Spring Authorization Server). */
	static void pkce() throws Exception {
		URI a = URI.create(opt("--a", "")), b = URI.create(opt("--b", ""));
		String client = opt("--client", "replica-test"), redirect = opt("--redirect", "http://127.0.0.1:9999/callback");
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		String challenge = Base64.getUrlEncoder().withoutPadding()
			.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
		Browser browser = new Browser();
		URI authorize = a.resolve("/oauth2/authorize?response_type=code&client_id=" + client + "&redirect_uri="
				+ URLEncoder.encode(redirect, StandardCharsets.UTF_8) + "&scope=openid%20profile&state=s1"
				+ "&code_challenge=" + challenge + "&code_challenge_method=S256");
		HttpResponse<String> page = browser.follow(browser.get(authorize));
		// The login form is at A (relative redirects keep the port); sign in there.
		HttpResponse<String> signedIn;
		{
			Matcher form = FORM.matcher(page.body());
			if (!form.find()) {
				throw new IOException("no login form at A: " + page.statusCode() + " " + page.uri());
			}
			Map<String, String> fields = new LinkedHashMap<>();
			Matcher input = INPUT.matcher(form.group(2));
			while (input.find()) {
				Map<String, String> attrs = attributes(input.group(1));
				if (attrs.containsKey("name")) {
					fields.put(attrs.get("name"), attrs.getOrDefault("value", ""));
				}
			}
			fields.put("username", opt("--user", ""));
			fields.put("password", opt("--password", ""));
			signedIn = browser.post(page.uri().resolve("/login"), fields);
		}
		// Follow until the redirect to the client's callback, which nothing serves.
		HttpResponse<String> r = signedIn;
		String location = null;
		for (int i = 0; i < 10 && isRedirect(r.statusCode()); i++) {
			location = r.headers().firstValue("Location").orElseThrow();
			if (location.startsWith(redirect)) {
				break;
			}
			r = browser.get(r.uri().resolve(location));
		}
		if (location == null || !location.startsWith(redirect)) {
			throw new IOException("no code: " + r.statusCode() + " " + r.uri());
		}
		String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
		System.out.println("code issued by A (" + a + ")");
		HttpClient http = HttpClient.newHttpClient();
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString((client + ":" + opt("--secret", "")).getBytes(StandardCharsets.UTF_8));
		String tokens = post(http, b.resolve("/oauth2/token"), basic, Map.of("grant_type", "authorization_code",
				"redirect_uri", redirect, "code_verifier", verifier, "code", code));
		String refresh = json(tokens, "refresh_token");
		System.out.println("code exchanged at B (" + b + "): access token " + (json(tokens, "access_token") != null)
				+ ", refresh token " + (refresh != null));
		if (refresh == null) {
			throw new IOException("no refresh token from B: " + tokens);
		}
		for (URI at : List.of(a, b)) {
			String refreshed = post(http, at.resolve("/oauth2/token"), basic,
					Map.of("grant_type", "refresh_token", "refresh_token", refresh));
			String next = json(refreshed, "refresh_token");
			if (next == null) {
				throw new IOException("refresh refused at " + at + ": " + refreshed);
			}
			System.out.println("refreshed at " + (at.equals(a) ? "A" : "B") + " (" + at + "): new access token "
					+ (json(refreshed, "access_token") != null) + ", rotated refresh token " + !next.equals(refresh));
			refresh = next;
		}
		System.out.println("pkce: ok");
	}

	static String post(HttpClient http, URI uri, String authorization, Map<String, String> form) throws Exception {
		HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", authorization)
			.POST(HttpRequest.BodyPublishers.ofString(encode(form))).build(), HttpResponse.BodyHandlers.ofString());
		if (r.statusCode() != 200) {
			throw new IOException(uri + " answered " + r.statusCode() + ": " + r.body());
		}
		return r.body();
	}

	/** Sign in through gateway A, then use the session through gateway B. */
	static void gateways() throws Exception {
		URI a = URI.create(opt("--a", "")), b = URI.create(opt("--b", ""));
		String path = opt("--path", "/app/");
		Browser browser = new Browser();
		HttpResponse<String> page = browser.signIn(a.resolve(path), opt("--user", ""), opt("--password", ""));
		if (page.statusCode() != 200 || !page.uri().getPath().equals(path) || page.uri().getPort() != a.getPort()) {
			throw new IOException("sign-in through A ended at " + page.uri() + " (" + page.statusCode() + ")");
		}
		System.out.println("signed in through gateway A (" + a + "): " + page.statusCode() + " " + page.uri().getPath());
		HttpResponse<String> atB = browser.get(b.resolve(path));
		System.out.println("same session through gateway B (" + b + "): " + atB.statusCode()
				+ (isRedirect(atB.statusCode()) ? " → " + atB.headers().firstValue("Location").orElse("") : ""));
		if (atB.statusCode() != 200) {
			throw new IOException("gateway B did not accept A's session");
		}
		System.out.println("gateways: ok");
	}

	record Agent(String login, Browser browser) {
	}

	static void load() throws Exception {
		URI gateway = URI.create(opt("--gateway", ""));
		String path = opt("--path", "/app/");
		String userPattern = opt("--users", "agent%03d@rivebelle.fr"), password = opt("--password", "");
		String[] range = opt("--agents", "1-40").split("-");
		int first = Integer.parseInt(range[0]), last = Integer.parseInt(range[1]);
		int workers = Integer.parseInt(opt("--workers", "8"));
		int signInWorkers = Integer.parseInt(opt("--signin-workers", "0"));
		String[] signInRange = opt("--signin-agents", "101-200").split("-");
		Path stop = Path.of(opt("--stop-file", "/nonexistent"));
		long deadline = System.currentTimeMillis() + 1000L * Long.parseLong(opt("--max-seconds", "600"));
		Path events = Path.of(opt("--events", "events.log"));
		Path summary = Path.of(opt("--summary", "summary.txt"));
		ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

		// Sessions first, through the load balancer.
		List<Agent> agents = new CopyOnWriteArrayList<>();
		List<Thread> threads = new ArrayList<>();
		AtomicInteger next = new AtomicInteger(first);
		AtomicInteger signInFailures = new AtomicInteger();
		for (int t = 0; t < Math.min(workers, 8); t++) {
			Thread thread = new Thread(() -> {
				for (int n; (n = next.getAndIncrement()) <= last;) {
					Browser browser = new Browser();
					String login = String.format(userPattern, n);
					try {
						HttpResponse<String> page = browser.signIn(gateway.resolve(path), login, password);
						if (page.statusCode() == 200 && page.uri().getPath().equals(path)) {
							agents.add(new Agent(login, browser));
						}
						else {
							signInFailures.incrementAndGet();
							log.add(Instant.now() + " initial-signin-failed " + login + " " + page.statusCode() + " " + page.uri());
						}
					}
					catch (Exception ex) {
						signInFailures.incrementAndGet();
						log.add(Instant.now() + " initial-signin-failed " + login + " " + ex);
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		threads.clear();
		System.out.println("load: " + agents.size() + " agents signed in through " + gateway + ", " + signInFailures
				+ " failed");
		Files.writeString(Path.of(opt("--ready-file", "/dev/null")), "ready\n");

		AtomicLong ok = new AtomicLong(), lost = new AtomicLong(), errors = new AtomicLong();
		AtomicLong signIns = new AtomicLong(), signInErrors = new AtomicLong();
		java.util.Set<String> lostAgents = java.util.concurrent.ConcurrentHashMap.newKeySet();
		for (int t = 0; t < workers; t++) {
			int offset = t;
			Thread thread = new Thread(() -> {
				// Each agent belongs to one worker: its requests follow one another, like one browser tab's.
				List<Agent> mine = new ArrayList<>();
				for (int a = offset; a < agents.size(); a += workers) {
					mine.add(agents.get(a));
				}
				for (int i = 0; !mine.isEmpty() && System.currentTimeMillis() < deadline && !Files.exists(stop); i++) {
					Agent agent = mine.get(i % mine.size());
					if (lostAgents.contains(agent.login())) {
						continue;
					}
					try {
						HttpResponse<String> r = agent.browser().get(gateway.resolve(path));
						if (r.statusCode() == 200) {
							ok.incrementAndGet();
						}
						else if (isRedirect(r.statusCode())) {
							lost.incrementAndGet();
							lostAgents.add(agent.login());
							log.add(Instant.now() + " lost " + agent.login() + " " + r.statusCode() + " → "
									+ r.headers().firstValue("Location").orElse(""));
						}
						else {
							errors.incrementAndGet();
							log.add(Instant.now() + " error " + agent.login() + " " + r.statusCode());
						}
					}
					catch (Exception ex) {
						errors.incrementAndGet();
						log.add(Instant.now() + " error " + agent.login() + " " + ex);
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		int sFirst = Integer.parseInt(signInRange[0]), sLast = Integer.parseInt(signInRange[1]);
		AtomicInteger nextSignIn = new AtomicInteger(0);
		for (int t = 0; t < signInWorkers; t++) {
			Thread thread = new Thread(() -> {
				while (System.currentTimeMillis() < deadline && !Files.exists(stop)) {
					int n = sFirst + Math.floorMod(nextSignIn.getAndIncrement(), sLast - sFirst + 1);
					String login = String.format(userPattern, n);
					try {
						HttpResponse<String> page = new Browser().signIn(gateway.resolve(path), login, password);
						if (page.statusCode() == 200 && page.uri().getPath().equals(path)) {
							signIns.incrementAndGet();
						}
						else {
							signInErrors.incrementAndGet();
							log.add(Instant.now() + " signin-failed " + login + " " + page.statusCode() + " " + page.uri());
						}
					}
					catch (Exception ex) {
						signInErrors.incrementAndGet();
						log.add(Instant.now() + " signin-failed " + login + " " + ex);
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		long started = System.currentTimeMillis();
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.currentTimeMillis() - started) / 1000.0;
		String text = String.format("agents=%d initial_signin_failures=%d seconds=%.0f page_loads_ok=%d sessions_lost=%d "
				+ "page_load_errors=%d signins_ok=%d signins_failed=%d%n", agents.size(), signInFailures.get(), seconds,
				ok.get(), lost.get(), errors.get(), signIns.get(), signInErrors.get());
		Files.writeString(summary, text);
		Files.write(events, log);
		System.out.print("load: " + text);
	}

}
