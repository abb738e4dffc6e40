package fr.sesame.auth.mfa.passkey;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;

/**
 * After a passkey assertion that did not complete the second factor: audited with its reason, answered 401 with
 * {@code {"authenticated": false}}, and the session left as it was (the filter saves no context on failure). The
 * reason is not sent to the page: the agent can do nothing different with it, an attacker could.
 */
final class PasskeyRefused implements AuthenticationFailureHandler {

	private static final Logger logger = LoggerFactory.getLogger(PasskeyRefused.class);

	private final AuditTrail audit;

	private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

	PasskeyRefused(AuditTrail audit) {
		this.audit = audit;
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		String reason = (exception instanceof PasskeyRefusedException refused) ? refused.reason() : "wrong";
		String principal = (exception instanceof PasskeyRefusedException refused) ? refused.principal()
				: sessionPrincipal(request);
		logger.info("Passkey refused: sub={} reason={} ip={} cause={}", principal, reason, request.getRemoteAddr(),
				(exception.getCause() != null) ? exception.getCause().getMessage() : exception.getMessage());
		this.audit.record(principal, AuditEventType.MFA_FAILED,
				Map.of("factor", "passkey", "reason", reason, "ip", request.getRemoteAddr()));
		respond(response);
	}

	static void respond(HttpServletResponse response) throws IOException {
		response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.getWriter().write("{\"authenticated\":false}");
	}

	// Spring's filter failed before asking us (no options in the session, an unreadable body) and cleared the
	// security context: the session still holds the agent's.
	private String sessionPrincipal(HttpServletRequest request) {
		Authentication stored = this.sessions.loadDeferredContext(request).get().getAuthentication();
		return (stored != null) ? stored.getName() : "anonymous";
	}

}
