package fr.sesame.auth.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A relying party as the tests play it: builds authorization requests with PKCE, drives a {@link Browser} through the
 * login page, and calls the back-channel endpoints with its credentials.
 */
public final class OidcClient {

	public static final String DEMO_PASSWORD = "Sesame-Demo-2026";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String issuer;

	private final String clientId;

	private final String secret;

	private final String redirectUri;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	public OidcClient(String issuer, String clientId, String secret, String redirectUri) {
		this.issuer = issuer;
		this.clientId = clientId;
		this.secret = secret;
		this.redirectUri = redirectUri;
	}

	public static OidcClient demoPortal(String issuer) {
		return new OidcClient(issuer, "demo-portal", "demo-portal-secret-change-me-0123456789abcdef",
				"http://127.0.0.1:9999/callback");
	}

	public static OidcClient demoSpa(String issuer) {
		return new OidcClient(issuer, "demo-spa", null, "http://127.0.0.1:9999/callback");
	}

	public String issuer() {
		return this.issuer;
	}

	/** One authorization request in progress: what the client keeps between the redirect and the callback. */
	public record Request(String url, String state, String nonce, String verifier) {
	}

	public Request authorizationRequest(String scope) {
		return authorizationRequest(scope, Map.of());
	}

	public Request authorizationRequest(String scope, Map<String, String> extra) {
		String verifier = random();
		Map<String, String> params = new LinkedHashMap<>();
		params.put("response_type", "code");
		params.put("client_id", this.clientId);
		params.put("redirect_uri", this.redirectUri);
		params.put("scope", scope);
		String state = random();
		String nonce = random();
		params.put("state", state);
		params.put("nonce", nonce);
		params.put("code_challenge", challenge(verifier));
		params.put("code_challenge_method", "S256");
		params.putAll(extra);
		return new Request(this.issuer + "/oauth2/authorize?" + Browser.encode(params), state, nonce, verifier);
	}

	/**
	 * Starts at the authorization endpoint, signs in on the login page if asked to, and returns the callback URL the
	 * browser was finally sent to (on the client's redirect URI).
	 */
	public String signIn(Browser browser, Request request, String username, String password, String commune) {
		HttpResponse<String> response = browser.followWithin(this.issuer, browser.get(request.url()));
		if (response.statusCode() == 200 && response.body().contains("name=\"password\"")) {
			Map<String, String> form = new LinkedHashMap<>();
			form.put("_csrf", Browser.csrf(response.body()));
			form.put("username", username);
			form.put("password", password);
			form.put("commune", (commune != null) ? commune : "");
			response = browser.followWithin(this.issuer, browser.post(this.issuer + "/login", form));
		}
		if (!Browser.isRedirect(response)) {
			throw new AssertionError("sign-in did not come back to the client: " + response.statusCode() + " "
					+ response.uri() + "\n" + response.body());
		}
		return Browser.location(response);
	}

	public String code(String callback, Request request) {
		Map<String, String> query = Browser.queryOf(callback);
		if (!callback.startsWith(this.redirectUri) || !request.state().equals(query.get("state"))
				|| query.get("code") == null) {
			throw new AssertionError("unexpected callback " + callback);
		}
		return query.get("code");
	}

	public HttpResponse<JsonNode> exchange(String code, String verifier) {
		return exchange(code, verifier, null);
	}

	/** The code exchange with a DPoP proof ({@code null}: none), which binds the access token to the proof's key. */
	public HttpResponse<JsonNode> exchange(String code, String verifier, String dpopProof) {
		Map<String, String> form = new LinkedHashMap<>();
		form.put("grant_type", "authorization_code");
		form.put("code", code);
		form.put("redirect_uri", this.redirectUri);
		form.put("code_verifier", verifier);
		return postForm("/oauth2/token", form, dpopProof);
	}

	public HttpResponse<JsonNode> refresh(String refreshToken) {
		return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
	}

	public HttpResponse<JsonNode> clientCredentials() {
		return token(Map.of("grant_type", "client_credentials"));
	}

	public HttpResponse<JsonNode> token(Map<String, String> form) {
		return postForm("/oauth2/token", form);
	}

	public HttpResponse<JsonNode> introspect(String token) {
		return postForm("/oauth2/introspect", Map.of("token", token));
	}

	public HttpResponse<JsonNode> revoke(String token) {
		return postForm("/oauth2/revoke", Map.of("token", token));
	}

	public HttpResponse<JsonNode> userinfo(String accessToken) {
		return send(HttpRequest.newBuilder(URI.create(this.issuer + "/userinfo"))
			.header("Authorization", "Bearer " + accessToken)
			.GET());
	}

	/** Userinfo with a DPoP-bound access token and its proof, under the {@code DPoP} scheme. */
	public HttpResponse<JsonNode> userinfo(String accessToken, DPoPProofs proofs) {
		String uri = this.issuer + "/userinfo";
		return send(HttpRequest.newBuilder(URI.create(uri))
			.header("Authorization", "DPoP " + accessToken)
			.header("DPoP", proofs.proof("GET", uri, accessToken))
			.GET());
	}

	public HttpResponse<JsonNode> postForm(String path, Map<String, String> form) {
		return postForm(path, form, null);
	}

	private HttpResponse<JsonNode> postForm(String path, Map<String, String> form, String dpopProof) {
		Map<String, String> body = new LinkedHashMap<>(form);
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.issuer + path))
			.header("Content-Type", "application/x-www-form-urlencoded");
		if (dpopProof != null) {
			request.header("DPoP", dpopProof);
		}
		if (this.secret != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((urlEncode(this.clientId) + ":" + urlEncode(this.secret)).getBytes(StandardCharsets.UTF_8)));
		}
		else {
			body.put("client_id", this.clientId);
		}
		return send(request.POST(HttpRequest.BodyPublishers.ofString(Browser.encode(body))));
	}

	public OidcClient withSecret(String otherSecret) {
		return new OidcClient(this.issuer, this.clientId, otherSecret, this.redirectUri);
	}

	private HttpResponse<JsonNode> send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			JsonNode json = response.body().isBlank() ? JSON.createObjectNode() : readJson(response.body());
			return new JsonResponse(response, json);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode readJson(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			return JSON.createObjectNode().put("unparsed", body);
		}
	}

	private static String urlEncode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private static String random() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	public static String challenge(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An HTTP response whose body was parsed as JSON. */
	private record JsonResponse(HttpResponse<String> raw, JsonNode body) implements HttpResponse<JsonNode> {

		@Override
		public int statusCode() {
			return this.raw.statusCode();
		}

		@Override
		public HttpRequest request() {
			return this.raw.request();
		}

		@Override
		public java.util.Optional<HttpResponse<JsonNode>> previousResponse() {
			return java.util.Optional.empty();
		}

		@Override
		public java.net.http.HttpHeaders headers() {
			return this.raw.headers();
		}

		@Override
		public URI uri() {
			return this.raw.uri();
		}

		@Override
		public HttpClient.Version version() {
			return this.raw.version();
		}

		@Override
		public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
			return this.raw.sslSession();
		}

	}

}
