package fr.sesame.auth.mfa.passkey;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import fr.sesame.auth.mfa.AgentFactors;
import fr.sesame.auth.mfa.EnrolledFactors;

/**
 * The passkeys page ({@code /mfa/passkeys}): the agent's passkeys with their dates, a form to rename each, a
 * confirmation page to remove one, and the registration of a new one (which needs the page's script: the ceremony
 * itself is Spring's {@code /webauthn/register} endpoints). Like every change of factors, it needs a second factor
 * verified in this session once the agent has any ({@link PasskeyAccess#mayChange}); otherwise the agent is sent to
 * the second-factor page and comes back here afterwards.
 */
@Controller
class PasskeysController {

	private static final ZoneId DISPLAY_ZONE = ZoneId.of("Europe/Paris");

	private final Passkeys passkeys;

	private final PasskeyAccess access;

	private final AgentFactors factors;

	private final LocaleResolver localeResolver;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	PasskeysController(Passkeys passkeys, PasskeyAccess access, AgentFactors factors, LocaleResolver localeResolver) {
		this.passkeys = passkeys;
		this.access = access;
		this.factors = factors;
		this.localeResolver = localeResolver;
	}

	/** A passkey as the page shows it: dates in the syndicate's time zone. */
	record Row(String id, String label, ZonedDateTime created, ZonedDateTime lastUsed) {

		static Row of(PasskeyView passkey) {
			return new Row(passkey.id(), passkey.label(), passkey.created().atZone(DISPLAY_ZONE),
					passkey.lastUsed().atZone(DISPLAY_ZONE));
		}

	}

	@GetMapping("/mfa/passkeys")
	String page(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		rememberChosenLanguage(request, response);
		if (mustProveExistingFactor(authentication, request, response)) {
			return "redirect:/mfa";
		}
		return list(authentication, request, response, model);
	}

	@PostMapping("/mfa/passkeys/{id}/rename")
	String rename(@PathVariable String id, @RequestParam(name = "label", defaultValue = "") String label,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model,
			RedirectAttributes redirect) {
		if (mustProveExistingFactor(authentication, request, response)) {
			return "redirect:/mfa";
		}
		String sub = authentication.getName();
		if (PasskeyLabel.clean(label).isEmpty()) {
			// Unknown or foreign passkeys get their 404 before any talk about the label.
			this.passkeys.list(sub).stream().filter((p) -> p.id().equals(id)).findFirst()
				.orElseThrow(PasskeyNotFoundException::new);
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("invalidId", id);
			model.addAttribute("invalidLabel", label);
			return list(authentication, request, response, model);
		}
		this.passkeys.rename(sub, id, label);
		redirect.addFlashAttribute("renamed", true);
		return "redirect:/mfa/passkeys";
	}

	@GetMapping("/mfa/passkeys/{id}/remove")
	String confirmRemoval(@PathVariable String id, Authentication authentication, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		rememberChosenLanguage(request, response);
		if (mustProveExistingFactor(authentication, request, response)) {
			return "redirect:/mfa";
		}
		String sub = authentication.getName();
		PasskeyView passkey = this.passkeys.list(sub)
			.stream()
			.filter((p) -> p.id().equals(id))
			.findFirst()
			.orElseThrow(PasskeyNotFoundException::new);
		EnrolledFactors enrolled = this.factors.of(sub);
		model.addAttribute("confirm", Row.of(passkey));
		// Removing the only factor left means enrolling again, with the password alone, at the next sign-in that needs one.
		model.addAttribute("lastFactor", enrolled.passkeys() == 1 && !enrolled.totp() && enrolled.recoveryCodes() == 0);
		return "passkeys";
	}

	@PostMapping("/mfa/passkeys/{id}/remove")
	String remove(@PathVariable String id, Authentication authentication, HttpServletRequest request,
			HttpServletResponse response, RedirectAttributes redirect) {
		if (mustProveExistingFactor(authentication, request, response)) {
			return "redirect:/mfa";
		}
		this.passkeys.remove(authentication.getName(), id);
		redirect.addFlashAttribute("removed", true);
		return "redirect:/mfa/passkeys";
	}

	private String list(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		List<Row> rows = this.passkeys.list(authentication.getName()).stream().map(Row::of).toList();
		model.addAttribute("passkeys", rows);
		model.addAttribute("registered", request.getParameter("registered") != null);
		// An authorization request interrupted to enrol a first factor: the agent goes on from here once done.
		SavedRequest saved = this.requestCache.getRequest(request, response);
		model.addAttribute("continueUrl", (saved != null && !rows.isEmpty()) ? saved.getRedirectUrl() : null);
		return "passkeys";
	}

	// As on the other factor pages: an agent with a factor proves it first, then comes back here (an interrupted
	// authorization request, if any, stays the one to resume).
	private boolean mustProveExistingFactor(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		if (this.access.mayChange(authentication)) {
			return false;
		}
		if ("GET".equals(request.getMethod()) && this.requestCache.getRequest(request, response) == null) {
			this.requestCache.saveRequest(request, response);
		}
		return true;
	}

	private void rememberChosenLanguage(HttpServletRequest request, HttpServletResponse response) {
		String lang = request.getParameter("lang");
		if (lang != null) {
			this.localeResolver.setLocale(request, response, Locale.forLanguageTag(lang));
		}
	}

}
