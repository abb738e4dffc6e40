package fr.sesame.auth.oidc;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.LocaleResolver;

/** Renders the page of an authorization request that cannot be answered to its client. */
@Controller
class AuthorizationErrorController {

	private final LocaleResolver localeResolver;

	AuthorizationErrorController(LocaleResolver localeResolver) {
		this.localeResolver = localeResolver;
	}

	@RequestMapping(AuthorizationErrorPage.ERROR_PATH)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String error(HttpServletRequest request, Model model) {
		Object error = request.getAttribute(AuthorizationErrorPage.ERROR_ATTRIBUTE);
		String code = (error instanceof OAuth2Error oauth2) ? oauth2.getErrorCode() : "invalid_request";
		String description = (error instanceof OAuth2Error oauth2) ? oauth2.getDescription() : null;
		// Spring names the faulty parameter in the description ("OAuth 2.0 Parameter: redirect_uri").
		String parameter = (description != null && description.contains("redirect_uri")) ? "redirect_uri"
				: (description != null && description.contains("client_id")) ? "client_id" : "other";
		model.addAttribute("errorCode", code);
		model.addAttribute("parameter", parameter);
		model.addAttribute("lang", this.localeResolver.resolveLocale(request).getLanguage());
		return "authorization-error";
	}

}
