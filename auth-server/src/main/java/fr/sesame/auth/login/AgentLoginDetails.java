package fr.sesame.auth.login;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AuthenticationDetailsSource;

/**
 * What the login form carries besides the login and password.
 *
 * @param pickedCommuneId the commune chosen in the list, or {@code null}
 * @param clientIp the client's address as the servlet container established it (trusted proxies only)
 */
public record AgentLoginDetails(String pickedCommuneId, String clientIp) {

	static final String COMMUNE_PARAMETER = "commune";

	static AuthenticationDetailsSource<HttpServletRequest, AgentLoginDetails> source() {
		return (request) -> new AgentLoginDetails(request.getParameter(COMMUNE_PARAMETER), request.getRemoteAddr());
	}

}
