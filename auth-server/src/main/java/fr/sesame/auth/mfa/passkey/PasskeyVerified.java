package fr.sesame.auth.mfa.passkey;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.HttpMessageConverterAuthenticationSuccessHandler;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;

/**
 * After a passkey completed the second factor: audited, then Spring's answer to the page's script,
 * {@code {"authenticated": true, "redirectUrl": ...}}, where the URL is the request that the second factor interrupted
 * (kept by the session's request cache, as the login page does) or the landing page.
 */
final class PasskeyVerified implements AuthenticationSuccessHandler {

	private final AuditTrail audit;

	private final AuthenticationSuccessHandler answer = new HttpMessageConverterAuthenticationSuccessHandler();

	PasskeyVerified(AuditTrail audit) {
		this.audit = audit;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException, ServletException {
		this.audit.record(authentication.getName(), AuditEventType.MFA_VERIFIED,
				Map.of("factor", "passkey", "ip", request.getRemoteAddr()));
		this.answer.onAuthenticationSuccess(request, response, authentication);
	}

}
