package fr.sesame.auth.mfa.challenge;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Goes back to the request that the second factor interrupted (an authorization request, the security page), kept
 * by the same request cache as the login page's, or to the landing page.
 */
public final class ResumeAfterSecondFactor extends SavedRequestAwareAuthenticationSuccessHandler {

	private final RequestCache requestCache = new HttpSessionRequestCache();

	public ResumeAfterSecondFactor() {
		setRequestCache(this.requestCache);
	}

	/** Where a "continue" link should lead, for pages shown between the factor and the resumed request. */
	public String targetUrl(HttpServletRequest request, HttpServletResponse response) {
		SavedRequest saved = this.requestCache.getRequest(request, response);
		return (saved != null) ? saved.getRedirectUrl() : request.getContextPath() + "/";
	}

}
