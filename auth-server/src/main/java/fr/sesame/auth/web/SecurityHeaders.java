package fr.sesame.auth.web;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Headers for every response of auth-server. Pages carry no inline script and no inline style, so the policy can
 * forbid both; {@code form-action} is left out because browsers apply it to the redirect chain that follows the login
 * form, which ends at each client's own redirect URI.
 * <p>
 * The second-factor pages ({@code /mfa} and below) are the only ones that load a script, ours
 * ({@code /js/passkeys.js}, for the WebAuthn ceremonies, which fetch from the same origin): they alone get
 * {@code script-src 'self'; connect-src 'self'}, and the page that posts an authorization response to its client
 * ({@code /js/form-post.js}, set by its controller). Every other page keeps a policy without any script.
 */
public final class SecurityHeaders {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self' data:; "
			+ "frame-ancestors 'none'; base-uri 'none'";

	/** For pages that load a script of ours ({@code /js/…}), and nothing else than what every page may. */
	public static final String CONTENT_SECURITY_POLICY_WITH_SCRIPT = "default-src 'none'; script-src 'self'; "
			+ "connect-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";

	private static final RequestMatcher PAGES_WITH_SCRIPT = new OrRequestMatcher(
			PathPatternRequestMatcher.withDefaults().matcher("/mfa"),
			PathPatternRequestMatcher.withDefaults().matcher("/mfa/**"));

	private static final String CSP = "Content-Security-Policy";

	private SecurityHeaders() {
	}

	/**
	 * For the error responses written outside Spring Security's filters (Tomcat's own page, the firewall's refusals):
	 * the same protections, with a policy that allows nothing at all, and no header a response already has.
	 */
	public static void addToBareErrorResponse(HttpServletResponse response) {
		setIfAbsent(response, CSP, "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
		setIfAbsent(response, "X-Content-Type-Options", "nosniff");
		setIfAbsent(response, "X-Frame-Options", "DENY");
		setIfAbsent(response, "Referrer-Policy", "no-referrer");
		setIfAbsent(response, "Cache-Control", "no-store");
	}

	private static void setIfAbsent(HttpServletResponse response, String name, String value) {
		if (!response.containsHeader(name)) {
			response.setHeader(name, value);
		}
	}

	// Two writers on disjoint requests rather than Spring's single policy: a second Content-Security-Policy header
	// could only narrow the first, never allow the script.
	public static Customizer<HeadersConfigurer<HttpSecurity>> strict() {
		return (headers) -> headers
			.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(PAGES_WITH_SCRIPT,
					new StaticHeadersWriter(CSP, CONTENT_SECURITY_POLICY_WITH_SCRIPT)))
			.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(PAGES_WITH_SCRIPT),
					new StaticHeadersWriter(CSP, CONTENT_SECURITY_POLICY)))
			.frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
			.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER))
			.permissionsPolicyHeader((permissions) -> permissions.policy("camera=(), microphone=(), geolocation=()"));
	}

}
