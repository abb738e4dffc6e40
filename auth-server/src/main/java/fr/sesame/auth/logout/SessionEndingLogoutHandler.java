package fr.sesame.auth.logout;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;

/**
 * Ends the agent's session at auth-server, for both ways out: the logout form and RP-initiated logout. Runs before
 * the HTTP session is invalidated, while its id (the origin of the tokens' {@code sid}) is still known.
 */
public final class SessionEndingLogoutHandler implements LogoutHandler {

	private final SessionEnd sessionEnd;

	private final SecurityContextLogoutHandler securityContextLogout = new SecurityContextLogoutHandler();

	public SessionEndingLogoutHandler(SessionEnd sessionEnd) {
		this.sessionEnd = sessionEnd;
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		Authentication agent = authentication;
		if (authentication instanceof OidcLogoutAuthenticationToken oidcLogout) {
			// RP-initiated logout without a live session at auth-server (e.g. it expired): nothing to end here.
			if (!oidcLogout.isPrincipalAuthenticated()) {
				return;
			}
			agent = (Authentication) oidcLogout.getPrincipal();
		}
		HttpSession session = request.getSession(false);
		if (agent != null && session != null) {
			this.sessionEnd.sessionEnded(agent.getName(), session.getId(), "logout");
		}
		if (authentication instanceof OidcLogoutAuthenticationToken) {
			this.securityContextLogout.logout(request, response, agent);
		}
	}

}
