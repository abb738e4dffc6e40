package fr.sesame.auth.login;

import java.util.Arrays;
import java.util.Locale;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.LocaleResolver;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.Commune;
import fr.sesame.directory.commune.CommuneDirectories;

/** Renders the login page and the signed-in landing page; the form itself is processed by Spring Security. */
@Controller
class LoginController {

	private final CommuneDirectories directories;

	private final SignedInAgents signedInAgents;

	private final LocaleResolver localeResolver;

	LoginController(CommuneDirectories directories, SignedInAgents signedInAgents, LocaleResolver localeResolver) {
		this.directories = directories;
		this.signedInAgents = signedInAgents;
		this.localeResolver = localeResolver;
	}

	@GetMapping("/login")
	String login(HttpServletRequest request, HttpServletResponse response, Model model) {
		rememberChosenLanguage(request, response);
		LoginAttempt attempt = LoginAttempt.takeFrom(request);
		String commune = (attempt != null && attempt.communeId() != null) ? attempt.communeId()
				: rememberedCommune(request);
		model.addAttribute("communes", this.directories.communes());
		model.addAttribute("selectedCommune", commune);
		model.addAttribute("login", (attempt != null) ? attempt.login()
				: PendingAuthorization.parameter(request, "login_hint").orElse(""));
		model.addAttribute("attempt", attempt);
		model.addAttribute("loggedOut", request.getParameter("logout") != null);
		model.addAttribute("lang", this.localeResolver.resolveLocale(request).getLanguage());
		if (attempt != null) {
			response.setStatus(attempt.error() == SignInError.DIRECTORY_UNAVAILABLE
					? HttpServletResponse.SC_SERVICE_UNAVAILABLE
					: (attempt.error() == SignInError.THROTTLED) ? 429 : HttpServletResponse.SC_UNAUTHORIZED);
			if (attempt.retryAfterSeconds() > 0) {
				response.setHeader("Retry-After", Long.toString(attempt.retryAfterSeconds()));
			}
		}
		return "login";
	}

	@GetMapping("/")
	String home(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		rememberChosenLanguage(request, response);
		Agent agent = this.signedInAgents.find(authentication.getName()).orElse(null);
		model.addAttribute("agent", agent);
		model.addAttribute("communeName", (agent != null) ? this.directories.communes()
			.stream()
			.filter((commune) -> commune.id().equals(agent.communeId()))
			.map(Commune::displayName)
			.findFirst()
			.orElse(agent.communeId()) : null);
		model.addAttribute("lang", this.localeResolver.resolveLocale(request).getLanguage());
		return "home";
	}

	private void rememberChosenLanguage(HttpServletRequest request, HttpServletResponse response) {
		String lang = request.getParameter("lang");
		if (lang != null) {
			this.localeResolver.setLocale(request, response, Locale.forLanguageTag(lang));
		}
	}

	private String rememberedCommune(HttpServletRequest request) {
		if (request.getCookies() == null) {
			return null;
		}
		return Arrays.stream(request.getCookies())
			.filter((cookie) -> LoginSuccessHandler.COMMUNE_COOKIE.equals(cookie.getName()))
			.map(Cookie::getValue)
			.filter((id) -> this.directories.communes().stream().anyMatch((c) -> c.id().equals(id)))
			.findFirst()
			.orElse(null);
	}

}
