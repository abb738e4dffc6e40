package fr.sesame.auth.logout;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;

/**
 * After the logout form: back to the relying party that asked for the sign-out ({@link SignOutController}), if the
 * form names a client and an address it registered, else to the login page saying the agent is signed out.
 */
public final class PostLogoutRedirectHandler implements LogoutSuccessHandler {

	private final PostLogoutRedirects redirects;

	public PostLogoutRedirectHandler(PostLogoutRedirects redirects) {
		this.redirects = redirects;
	}

	@Override
	public void onLogoutSuccess(HttpServletRequest request, HttpServletResponse response,
			Authentication authentication) throws IOException {
		String target = this.redirects
			.target(request.getParameter("client_id"), request.getParameter("post_logout_redirect_uri"),
					request.getParameter("state"))
			.orElse(request.getContextPath() + "/login?logout");
		response.sendRedirect(target);
	}

}
