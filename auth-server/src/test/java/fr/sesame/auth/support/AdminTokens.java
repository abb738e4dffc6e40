package fr.sesame.auth.support;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Access tokens of the {@code sesame-admin} client (scope {@code sesame.admin}) for the demo's admins, as a script
 * gets them: authorization code with PKCE, the password, then the second factor that admin roles always need. The
 * first sign-in of an admin enrols its authenticator app; later ones answer the challenge with a code not used yet.
 * One instance per server: enrolments live as long as the server does.
 */
public final class AdminTokens {

	public static final String CLIENT_ID = "sesame-admin";

	public static final String SECRET = "sesame-admin-secret-change-me-0123456789abcdef";

	private static final String CALLBACK = "http://127.0.0.1:9999/callback";

	private final String issuer;

	private final Map<String, byte[]> secrets = new HashMap<>();

	private final Map<String, String> tokens = new HashMap<>();

	public AdminTokens(String issuer) {
		this.issuer = issuer;
	}

	/** The admin's access token, signed in once per instance. */
	public synchronized String of(String login) {
		return this.tokens.computeIfAbsent(login, this::signIn);
	}

	/** A new sign-in of the admin (its earlier tokens stay valid until they expire). */
	public synchronized String fresh(String login) {
		String token = signIn(login);
		this.tokens.put(login, token);
		return token;
	}

	private String signIn(String login) {
		OidcClient admin = new OidcClient(this.issuer, CLIENT_ID, SECRET, CALLBACK);
		SecondFactorPages pages = new SecondFactorPages(this.issuer, new Browser());
		OidcClient.Request request = admin.authorizationRequest("openid sesame.admin");
		HttpResponse<String> page = pages.signInWithPassword(admin, request, login);
		String callback;
		if (page.uri().getPath().equals("/mfa/enrol")) {
			byte[] secret = SecondFactorPages.secretOf(page);
			this.secrets.put(login, secret);
			HttpResponse<String> codes = pages.submit(page, "/mfa/enrol/totp",
					Map.of("code", SecondFactorPages.codeNow(secret)));
			callback = Browser.location(pages.continueFrom(codes));
		}
		else if (page.uri().getPath().equals("/mfa") && this.secrets.containsKey(login)) {
			// The enrolment used the current step's code; each code is accepted once, so answer with the next one.
			callback = Browser.location(pages.submit(page, "/mfa/totp",
					Map.of("code", SecondFactorPages.nextCode(this.secrets.get(login)))));
		}
		else {
			throw new AssertionError("unexpected page for " + login + ": " + page.uri() + "\n" + page.body());
		}
		HttpResponse<JsonNode> tokens = admin.exchange(admin.code(callback, request), request.verifier());
		if (tokens.statusCode() != 200 || !tokens.body().path("scope").asString().contains("sesame.admin")) {
			throw new AssertionError("no admin token for " + login + ": " + tokens.body());
		}
		return tokens.body().get("access_token").asString();
	}

}
