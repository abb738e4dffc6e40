package fr.sesame.auth.oidc;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.LocaleResolver;

import fr.sesame.auth.web.SecurityHeaders;

/**
 * Renders the page of a {@code response_mode=form_post} answer ({@link AuthorizationResponses}): a form that posts
 * the code or error to the client's redirect URI, submitted by a script of ours at once, by the agent's button
 * without it. Reached only by a forward from the authorization endpoint; a request of its own finds nothing.
 */
@Controller
class AuthorizationFormPostController {

	private final LocaleResolver localeResolver;

	AuthorizationFormPostController(LocaleResolver localeResolver) {
		this.localeResolver = localeResolver;
	}

	@RequestMapping(AuthorizationResponses.FORM_POST_PATH)
	String formPost(HttpServletRequest request, HttpServletResponse response, Model model) {
		Object action = request.getAttribute(AuthorizationResponses.ACTION_ATTRIBUTE);
		Object fields = request.getAttribute(AuthorizationResponses.FIELDS_ATTRIBUTE);
		if (!(action instanceof String) || !(fields instanceof Map)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		// Set before Spring Security's header writer, which leaves a policy already there as it is.
		response.setHeader("Content-Security-Policy", SecurityHeaders.CONTENT_SECURITY_POLICY_WITH_SCRIPT);
		model.addAttribute("action", action);
		model.addAttribute("fields", fields);
		model.addAttribute("lang", this.localeResolver.resolveLocale(request).getLanguage());
		return "authorization-form-post";
	}

}
