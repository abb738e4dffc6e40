package fr.sesame.auth.login;

import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Sends a browser that must sign in to the login page with a relative {@code Location: /login}. Spring's default
 * builds an absolute URL from the request's {@code Host} header, which whoever sends the request chooses: a proxy or
 * cache in front could then hand others a redirect to a host of an attacker's choosing. Tomcat keeps every other
 * redirect relative too ({@code server.tomcat.use-relative-redirects}).
 */
public final class LoginPageEntryPoint extends LoginUrlAuthenticationEntryPoint {

	public LoginPageEntryPoint() {
		super("/login");
		setFavorRelativeUris(true);
	}

}
