package fr.sesame.auth.mfa.passkey;

import java.io.IOException;
import java.util.Map;

import com.webauthn4j.util.exception.WebAuthnException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;

/**
 * The gate of Spring's WebAuthn endpoints, right after the CSRF check. Spring runs the authentication options and
 * {@code /login/webauthn} before the authorization filter (they are meant for signing in), and the registration
 * options behind a mere "authenticated": no authorization rule can make them second-factor only. Here, before any of
 * them:
 * <ul>
 * <li>every ceremony needs a password sign-in: 401 otherwise (a passwordless {@code /login/webauthn} is also
 * audited);</li>
 * <li>the authentication options need at least one passkey of the agent, or the browser would offer any passkey it
 * holds for this site;</li>
 * <li>registration follows {@link PasskeyAccess#mayChange}: 403 for an agent who has a factor but has not used it in
 * this session;</li>
 * <li>a registration whose ceremony does not verify is the client's fault: 400 instead of Spring's exception;</li>
 * <li>Spring's {@code DELETE /webauthn/register/{id}} is closed: removal goes through the passkeys page, which checks
 * the second factor and audits.</li>
 * </ul>
 * Answers are small JSON objects for the page's script, {@code {"error": "..."}}.
 */
final class PasskeyCeremonyGuard extends OncePerRequestFilter {

	private static final Logger logger = LoggerFactory.getLogger(PasskeyCeremonyGuard.class);

	private static final RequestMatcher REMOVAL = PathPatternRequestMatcher.withDefaults()
		.matcher(HttpMethod.DELETE, "/webauthn/register/**");

	private final PasskeyAccess access;

	private final Passkeys passkeys;

	private final AuditTrail audit;

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	PasskeyCeremonyGuard(PasskeyAccess access, Passkeys passkeys, AuditTrail audit) {
		this.access = access;
		this.passkeys = passkeys;
		this.audit = audit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (REMOVAL.matches(request)) {
			refuse(response, HttpServletResponse.SC_FORBIDDEN, "use_the_passkeys_page");
			return;
		}
		Ceremony ceremony = Ceremony.of(request);
		if (ceremony == null) {
			chain.doFilter(request, response);
			return;
		}
		Authentication authentication = this.holder.getContext().getAuthentication();
		if (!this.access.passwordSession(authentication)) {
			if (ceremony == Ceremony.AUTHENTICATION) {
				this.audit.record("anonymous", AuditEventType.MFA_FAILED,
						Map.of("factor", "passkey", "reason", "no-password-session", "ip", request.getRemoteAddr()));
			}
			refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "password_required");
			return;
		}
		switch (ceremony) {
			case AUTHENTICATION_OPTIONS -> {
				if (!this.passkeys.hasPasskey(authentication.getName())) {
					refuse(response, HttpServletResponse.SC_BAD_REQUEST, "no_passkey");
					return;
				}
				chain.doFilter(request, response);
			}
			case AUTHENTICATION -> chain.doFilter(request, response);
			case REGISTRATION_OPTIONS, REGISTRATION -> {
				if (!this.access.mayChange(authentication)) {
					refuse(response, HttpServletResponse.SC_FORBIDDEN, "second_factor_required");
					return;
				}
				if (ceremony == Ceremony.REGISTRATION_OPTIONS) {
					chain.doFilter(request, response);
				}
				else {
					register(request, response, chain, authentication);
				}
			}
		}
	}

	private void register(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			Authentication authentication) throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (WebAuthnException | IllegalArgumentException ex) {
			logger.info("Passkey registration refused: sub={} ip={} reason={}", authentication.getName(),
					request.getRemoteAddr(), ex.getMessage());
			if (!response.isCommitted()) {
				response.resetBuffer();
				refuse(response, HttpServletResponse.SC_BAD_REQUEST, "registration_refused");
			}
		}
	}

	/** Spring's endpoints of the two ceremonies. */
	private enum Ceremony {

		AUTHENTICATION_OPTIONS("/webauthn/authenticate/options"), AUTHENTICATION("/login/webauthn"),
		REGISTRATION_OPTIONS("/webauthn/register/options"), REGISTRATION("/webauthn/register");

		private final RequestMatcher matcher;

		Ceremony(String path) {
			this.matcher = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path);
		}

		static Ceremony of(HttpServletRequest request) {
			for (Ceremony ceremony : values()) {
				if (ceremony.matcher.matches(request)) {
					return ceremony;
				}
			}
			return null;
		}

	}

	private static void refuse(HttpServletResponse response, int status, String error) throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write("{\"error\":\"" + error + "\"}");
	}

}
