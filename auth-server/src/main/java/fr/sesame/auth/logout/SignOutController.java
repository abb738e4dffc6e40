package fr.sesame.auth.logout;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The page that asks a signed-in agent to confirm a sign-out a relying party asked for without proving which session
 * it meant ({@link LogoutWithoutIdTokenHint}). Showing it ends nothing: the agent's button posts the logout form, with
 * its CSRF token, and {@link PostLogoutRedirectHandler} then sends the browser back to the client if it registered
 * that address. An agent already signed out goes there at once.
 */
@Controller
class SignOutController {

	static final String PATH = "/signout";

	private final PostLogoutRedirects redirects;

	private final LocaleResolver localeResolver;

	SignOutController(PostLogoutRedirects redirects, LocaleResolver localeResolver) {
		this.redirects = redirects;
		this.localeResolver = localeResolver;
	}

	@GetMapping(PATH)
	String confirm(@RequestParam(name = "client_id", required = false) String clientId,
			@RequestParam(name = "post_logout_redirect_uri", required = false) String redirectUri,
			@RequestParam(name = "state", required = false) String state, Authentication authentication,
			HttpServletRequest request, Model model) {
		Optional<String> target = this.redirects.target(clientId, redirectUri, state);
		if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
			return "redirect:" + target.orElse("/login?logout");
		}
		model.addAttribute("applicationName", this.redirects.client(clientId).map(RegisteredClient::getClientName)
			.orElse(null));
		// Carried to the logout form only when they lead somewhere the client registered.
		model.addAttribute("clientId", target.isPresent() ? clientId : null);
		model.addAttribute("redirectUri", target.isPresent() ? redirectUri : null);
		model.addAttribute("state", target.isPresent() ? state : null);
		model.addAttribute("lang", this.localeResolver.resolveLocale(request).getLanguage());
		return "signout";
	}

}
