package fr.sesame.gateway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A small OpenID provider for tests that do not need the real auth-server: discovery, JWKS, an authorization endpoint
 * that signs in whichever agent the test chose (no login page), a token endpoint (code with PKCE, refresh), an
 * end-session endpoint, and helpers to mint access and logout tokens, signed with its key or with another one.
 * Tokens are ES256, as auth-server's.
 */
public final class TestOpenIdProvider implements AutoCloseable {

	public static final String MFA = "urn:sesame:loa:mfa";

	public static final String PASSWORD = "urn:sesame:loa:pwd";

	private final HttpServer server;

	private final String issuer;

	private volatile ECKey key;

	private final List<ECKey> published = new CopyOnWriteArrayList<>();

	private volatile Map<String, Object> agent = agent("jdupont", "rivebelle", Set.of("agent", "officier-etat-civil"));

	private volatile boolean grantsMfa;

	private volatile Duration accessTokenTtl = Duration.ofMinutes(5);

	private final Map<String, Grant> codes = new ConcurrentHashMap<>();

	private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();

	private volatile List<String> rolesFromNowOn;

	private final List<Map<String, String>> authorizeRequests = new CopyOnWriteArrayList<>();

	private final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();

	private final List<Map<String, String>> endSessionRequests = new CopyOnWriteArrayList<>();

	private final AtomicInteger jwksFetches = new AtomicInteger();

	private final AtomicInteger sessions = new AtomicInteger();

	public TestOpenIdProvider() {
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			this.issuer = "http://localhost:" + this.server.getAddress().getPort();
			this.key = newKey("op-1");
			this.published.add(this.key);
			this.server.createContext("/.well-known/openid-configuration", this::discovery);
			this.server.createContext("/jwks", this::jwks);
			this.server.createContext("/authorize", this::authorize);
			this.server.createContext("/token", this::token);
			this.server.createContext("/logout", this::endSession);
			this.server.setExecutor(Executors.newFixedThreadPool(4));
			this.server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public String issuer() {
		return this.issuer;
	}

	/** The agent the next sign-ins are for. */
	public void signInAs(Map<String, Object> agentClaims) {
		this.agent = Map.copyOf(agentClaims);
	}

	public static Map<String, Object> agent(String login, String commune, Set<String> roles) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", "sub-" + login + "-" + commune);
		claims.put("preferred_username", login);
		claims.put("name", "Agent " + login);
		claims.put("email", login + "@" + commune + ".fr");
		claims.put("commune", commune);
		claims.put("commune_name", Character.toUpperCase(commune.charAt(0)) + commune.substring(1));
		claims.put("roles", List.copyOf(roles));
		claims.put("groups", List.of("agents"));
		return claims;
	}

	/** Whether the provider adds a second factor when {@code acr_values} asks for one. */
	public void grantsMfa(boolean grants) {
		this.grantsMfa = grants;
	}

	public void accessTokenTtl(Duration ttl) {
		this.accessTokenTtl = ttl;
	}

	/** Publishes a new signing key and signs with it from now on (the old one stays published). */
	public void rotateKey() {
		ECKey next = newKey("op-" + (this.published.size() + 1));
		this.published.add(next);
		this.key = next;
	}

	/** Refresh tokens issued so far stop working, as when auth-server revokes a leaver's tokens. */
	public void revokeRefreshTokens() {
		this.refreshTokens.clear();
	}

	/**
	 * From now on, tokens issued by a refresh carry these roles, as auth-server's do once an admin granted or removed
	 * a role (the sign-in stays the same).
	 */
	public void rolesFromNowOn(Set<String> roles) {
		this.rolesFromNowOn = List.copyOf(roles);
	}

	public void reset() {
		this.rolesFromNowOn = null;
		this.agent = agent("jdupont", "rivebelle", Set.of("agent", "officier-etat-civil"));
		this.grantsMfa = false;
		this.accessTokenTtl = Duration.ofMinutes(5);
		this.authorizeRequests.clear();
		this.tokenRequests.clear();
		this.endSessionRequests.clear();
	}

	public List<Map<String, String>> authorizeRequests() {
		return List.copyOf(this.authorizeRequests);
	}

	public List<Map<String, String>> tokenRequests() {
		return List.copyOf(this.tokenRequests);
	}

	public List<Map<String, String>> endSessionRequests() {
		return List.copyOf(this.endSessionRequests);
	}

	public int jwksFetches() {
		return this.jwksFetches.get();
	}

	/** An access token as auth-server issues them, for the given client, with claims adjusted by the test. */
	public String accessToken(String audience, Map<String, Object> agentClaims, Consumer<JWTClaimsSet.Builder> adjust) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = claims(agentClaims).issuer(this.issuer)
			.audience(audience)
			.issueTime(Date.from(now))
			.notBeforeTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.accessTokenTtl)))
			.jwtID(UUID.randomUUID().toString())
			.claim("scope", List.of("openid", "profile", "email"));
		adjust.accept(claims);
		return sign(claims.build(), this.key, null);
	}

	public String accessToken(String audience, Map<String, Object> agentClaims) {
		return accessToken(audience, agentClaims, (claims) -> {
		});
	}

	/** A back-channel logout token for a provider session ({@code sid}) and/or agent ({@code sub}). */
	public String logoutToken(String audience, String sid, String subject) {
		return logoutToken(audience, sid, subject, this.key);
	}

	public String logoutToken(String audience, String sid, String subject, ECKey signer) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(this.issuer)
			.audience(audience)
			.issueTime(new Date())
			.jwtID(UUID.randomUUID().toString())
			.claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
		if (sid != null) {
			claims.claim("sid", sid);
		}
		if (subject != null) {
			claims.subject(subject);
		}
		return sign(claims.build(), signer, new JOSEObjectType("logout+jwt"));
	}

	/** The {@code sid} of the last provider session opened. */
	public String lastSid() {
		return "sid-" + this.sessions.get();
	}

	public static ECKey newKey(String keyId) {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(keyId).algorithm(JWSAlgorithm.ES256).generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static String sign(JWTClaimsSet claims, ECKey signer, JOSEObjectType type) {
		try {
			JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(signer.getKeyID());
			if (type != null) {
				header.type(type);
			}
			SignedJWT jwt = new SignedJWT(header.build(), claims);
			jwt.sign(new ECDSASigner(signer));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void discovery(HttpExchange exchange) throws IOException {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("issuer", this.issuer);
		metadata.put("authorization_endpoint", this.issuer + "/authorize");
		metadata.put("token_endpoint", this.issuer + "/token");
		metadata.put("jwks_uri", this.issuer + "/jwks");
		metadata.put("end_session_endpoint", this.issuer + "/logout");
		metadata.put("response_types_supported", List.of("code"));
		metadata.put("subject_types_supported", List.of("public"));
		metadata.put("id_token_signing_alg_values_supported", List.of("ES256"));
		metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
		metadata.put("code_challenge_methods_supported", List.of("S256"));
		metadata.put("acr_values_supported", List.of(PASSWORD, MFA));
		metadata.put("backchannel_logout_supported", true);
		respond(exchange, 200, JSONObjectUtils.toJSONString(metadata));
	}

	private void jwks(HttpExchange exchange) throws IOException {
		this.jwksFetches.incrementAndGet();
		List<com.nimbusds.jose.jwk.JWK> keys = new ArrayList<>();
		this.published.forEach((published) -> keys.add(published.toPublicJWK()));
		respond(exchange, 200, new JWKSet(keys).toString(true));
	}

	private void authorize(HttpExchange exchange) throws IOException {
		Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
		this.authorizeRequests.add(query);
		boolean mfa = this.grantsMfa && MFA.equals(query.get("acr_values"));
		String code = UUID.randomUUID().toString();
		String sid = "sid-" + this.sessions.incrementAndGet();
		this.codes.put(code, new Grant(query.get("client_id"), query.get("nonce"), query.get("code_challenge"),
				this.agent, mfa, sid));
		String location = query.get("redirect_uri") + "?code=" + code + "&state="
				+ java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Location", location);
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private void token(HttpExchange exchange) throws IOException {
		Map<String, String> form = parse(new String(readAll(exchange.getRequestBody()), StandardCharsets.UTF_8));
		this.tokenRequests.add(form);
		Grant grant;
		if ("authorization_code".equals(form.get("grant_type"))) {
			grant = this.codes.remove(form.get("code"));
			if (grant == null || !pkceMatches(grant.challenge(), form.get("code_verifier"))) {
				respond(exchange, 400, "{\"error\":\"invalid_grant\"}");
				return;
			}
		}
		else if ("refresh_token".equals(form.get("grant_type"))) {
			grant = this.refreshTokens.remove(form.get("refresh_token"));
			if (grant == null) {
				respond(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"revoked\"}");
				return;
			}
		}
		else {
			respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
			return;
		}
		Map<String, Object> agentClaims = new LinkedHashMap<>(grant.agent());
		if (this.rolesFromNowOn != null) {
			agentClaims.put("roles", this.rolesFromNowOn);
		}
		agentClaims.put("acr", grant.mfa() ? MFA : PASSWORD);
		agentClaims.put("amr", grant.mfa() ? List.of("pwd", "otp", "mfa") : List.of("pwd"));
		agentClaims.put("sid", grant.sid());
		Instant now = Instant.now();
		JWTClaimsSet.Builder idToken = claims(agentClaims).issuer(this.issuer)
			.audience(grant.clientId())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
			.jwtID(UUID.randomUUID().toString())
			.claim("azp", grant.clientId());
		if (grant.nonce() != null && "authorization_code".equals(form.get("grant_type"))) {
			idToken.claim("nonce", grant.nonce());
		}
		String refresh = UUID.randomUUID().toString();
		this.refreshTokens.put(refresh, grant);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("access_token", accessToken(grant.clientId(), agentClaims));
		body.put("token_type", "Bearer");
		body.put("expires_in", this.accessTokenTtl.toSeconds());
		body.put("refresh_token", refresh);
		body.put("scope", "openid profile email");
		if ("authorization_code".equals(form.get("grant_type"))) {
			body.put("id_token", sign(idToken.build(), this.key, null));
		}
		respond(exchange, 200, JSONObjectUtils.toJSONString(body));
	}

	private void endSession(HttpExchange exchange) throws IOException {
		Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
		this.endSessionRequests.add(query);
		String target = query.getOrDefault("post_logout_redirect_uri", this.issuer + "/");
		exchange.getResponseHeaders().set("Location", target);
		exchange.sendResponseHeaders(302, -1);
		exchange.close();
	}

	private static JWTClaimsSet.Builder claims(Map<String, Object> agentClaims) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
		agentClaims.forEach(claims::claim);
		return claims;
	}

	private static boolean pkceMatches(String challenge, String verifier) {
		if (challenge == null || verifier == null) {
			return false;
		}
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).equals(challenge);
		}
		catch (Exception ex) {
			return false;
		}
	}

	private static Map<String, String> parse(String raw) {
		Map<String, String> values = new LinkedHashMap<>();
		if (raw == null || raw.isEmpty()) {
			return values;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			String name = URLDecoder.decode((eq < 0) ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
			values.put(name, (eq < 0) ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return values;
	}

	private static byte[] readAll(InputStream in) throws IOException {
		return in.readAllBytes();
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.getResponseHeaders().set("Cache-Control", "no-store");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private record Grant(String clientId, String nonce, String challenge, Map<String, Object> agent, boolean mfa,
			String sid) {

	}

}
