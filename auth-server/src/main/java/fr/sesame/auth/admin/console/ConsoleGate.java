package fr.sesame.auth.admin.console;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.LocaleResolver;

import fr.sesame.auth.admin.AdminCaller;
import fr.sesame.auth.admin.api.AdminAccess;
import fr.sesame.auth.admin.api.AdminApiException;

/**
 * Every {@code /console/**} request passes here before its controller, whatever its package. The login filter chain
 * has already asked for the password; here the signed-in agent must be an admin ({@link AdminAccess#admin}: else 403,
 * audited) and have used a second factor in this session ({@link AdminCaller#hasSecondFactor}: else it is sent to
 * {@code /mfa}, or to enrolment when it has no factor yet, and comes back to the page afterwards; a form posted without
 * one is refused, audited by {@link AdminAccess#withSecondFactor}). The admin is then a request attribute, which
 * controllers receive as an {@link AdminCaller} parameter.
 * <p>
 * A non-admin is refused before being asked for a second factor: an agent who opens the console by mistake must not
 * be made to enrol an authenticator for nothing.
 */
final class ConsoleGate implements HandlerInterceptor {

	static final String CALLER = ConsoleGate.class.getName() + ".caller";

	private static final String ACTION = "console";

	private final SessionAdmins admins;

	private final AdminAccess access;

	private final LocaleResolver locales;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	ConsoleGate(SessionAdmins admins, AdminAccess access, LocaleResolver locales) {
		this.admins = admins;
		this.access = access;
		this.locales = locales;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			// The login chain asks for a password first; reaching here without one is a configuration error.
			response.sendError(HttpServletResponse.SC_FORBIDDEN);
			return false;
		}
		rememberChosenLanguage(request, response);
		AdminCaller caller = this.admins.of(authentication);
		try {
			this.access.admin(caller, request, ACTION);
		}
		catch (AdminApiException ex) {
			response.sendError(ex.status().value());
			return false;
		}
		if (!caller.hasSecondFactor()) {
			if ("GET".equals(request.getMethod())) {
				// The second step of an admin's sign-in, not a refusal: the page is shown once the factor is verified.
				this.requestCache.saveRequest(request, response);
			}
			else {
				// No console form is shown before the second factor: a change asked without one is refused (audited).
				refuseWithoutSecondFactor(caller, request);
			}
			response.sendRedirect(request.getContextPath() + "/mfa");
			return false;
		}
		request.setAttribute(CALLER, caller);
		return true;
	}

	private void refuseWithoutSecondFactor(AdminCaller caller, HttpServletRequest request) {
		try {
			this.access.withSecondFactor(caller, request, ACTION);
		}
		catch (AdminApiException ex) {
			// Audited by AdminAccess; the answer is the redirect to /mfa.
		}
	}

	private void rememberChosenLanguage(HttpServletRequest request, HttpServletResponse response) {
		String lang = request.getParameter("lang");
		if (lang != null && lang.length() <= 8) {
			this.locales.setLocale(request, response, Locale.forLanguageTag(lang));
		}
	}

}
