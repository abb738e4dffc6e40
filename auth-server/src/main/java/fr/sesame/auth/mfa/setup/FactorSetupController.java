package fr.sesame.auth.mfa.setup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.RequestContextUtils;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.AgentFactors;
import fr.sesame.auth.mfa.EnrolledFactors;
import fr.sesame.auth.mfa.SessionElevation;
import fr.sesame.auth.mfa.challenge.ResumeAfterSecondFactor;
import fr.sesame.auth.mfa.enrolment.EnrolmentGrace;
import fr.sesame.auth.mfa.policy.Requirement;
import fr.sesame.auth.mfa.policy.SecondFactorPolicy;
import fr.sesame.auth.mfa.recovery.RecoveryCodes;
import fr.sesame.auth.mfa.stepup.AuthorizationRequestGate;
import fr.sesame.auth.mfa.throttle.SecondFactorThrottle;
import fr.sesame.auth.mfa.totp.TotpEnrolmentStart;
import fr.sesame.auth.mfa.totp.TotpFactor;
import fr.sesame.auth.throttle.ThrottleDecision;
import fr.sesame.auth.token.AuthenticationContextClass;
import fr.sesame.directory.agent.Agent;

/**
 * Where agents set up their second factors: enrolment of an authenticator app (QR code, the secret as text, a first
 * code to confirm), the recovery codes shown once, and the security page that lists, replaces and removes factors.
 * An agent who already has a factor must have used it in this session before changing any: a stolen password alone
 * never enrols the thief's device.
 */
@Controller
class FactorSetupController {

	// The communes' own time zone, for the dates that the pages show.
	private static final ZoneId DISPLAY_ZONE = ZoneId.of("Europe/Paris");

	private final AgentFactors factors;

	private final TotpFactor totp;

	private final RecoveryCodes recoveryCodes;

	private final SecondFactorThrottle throttle;

	private final SessionElevation elevation;

	private final SignedInAgents signedInAgents;

	private final EnrolmentGrace grace;

	private final SecondFactorPolicy policy;

	private final AuditTrail audit;

	private final MessageSource messages;

	private final Clock clock;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	private final ResumeAfterSecondFactor resume = new ResumeAfterSecondFactor();

	FactorSetupController(AgentFactors factors, TotpFactor totp, RecoveryCodes recoveryCodes,
			SecondFactorThrottle throttle, SessionElevation elevation, SignedInAgents signedInAgents,
			EnrolmentGrace grace, SecondFactorPolicy policy, AuditTrail audit, MessageSource messages) {
		this.factors = factors;
		this.totp = totp;
		this.recoveryCodes = recoveryCodes;
		this.throttle = throttle;
		this.elevation = elevation;
		this.signedInAgents = signedInAgents;
		this.grace = grace;
		this.policy = policy;
		this.audit = audit;
		this.messages = messages;
		this.clock = Clock.systemUTC();
	}

	@GetMapping("/mfa/enrol")
	String enrol(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		if (mustProveExistingFactor(authentication, request, response)) {
			return "redirect:/mfa";
		}
		return enrolmentPage(authentication, request, model, null, 0);
	}

	@PostMapping("/mfa/enrol/totp")
	String confirmTotp(@RequestParam(name = "code", defaultValue = "") String code, Authentication authentication,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		if (mustProveExistingFactor(authentication, request, response)) {
			return "redirect:/mfa";
		}
		String sub = authentication.getName();
		ThrottleDecision decision = this.throttle.check(sub);
		if (!decision.allowed()) {
			long seconds = Math.max(1, decision.retryAfter().toSeconds());
			this.audit.record(sub, AuditEventType.MFA_FAILED,
					Map.of("factor", "totp", "reason", "throttled", "ip", request.getRemoteAddr()));
			response.setStatus(429);
			response.setHeader("Retry-After", Long.toString(seconds));
			return enrolmentPage(authentication, request, model, "throttled", seconds);
		}
		if (!this.totp.confirm(sub, code)) {
			this.throttle.recordFailure(sub);
			this.audit.record(sub, AuditEventType.MFA_FAILED,
					Map.of("factor", "totp", "reason", "wrong-at-enrolment", "ip", request.getRemoteAddr()));
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			return enrolmentPage(authentication, request, model, "code_wrong", 0);
		}
		this.throttle.recordSuccess(sub);
		// The agent just proved it holds the new device: the session counts it as verified.
		this.elevation.elevate(request, response, AuthenticationContextClass.TOTP_FACTOR);
		return recoveryCodesPage(sub, request, response, model);
	}

	@PostMapping("/mfa/enrol/later")
	String postpone(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
		if (!canPostpone(authentication.getName(), request)) {
			return "redirect:/mfa/enrol";
		}
		request.getSession().setAttribute(AuthorizationRequestGate.ENROLMENT_POSTPONED, authentication.getName());
		return "redirect:" + this.resume.targetUrl(request, response);
	}

	@GetMapping("/mfa/factors")
	String factors(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		if (mustProveExistingFactor(authentication, request, response)) {
			return "redirect:/mfa";
		}
		String sub = authentication.getName();
		model.addAttribute("enrolled", this.factors.of(sub));
		model.addAttribute("totpEnrolledAt",
				this.totp.enrolledAt(sub).map((at) -> at.atZone(DISPLAY_ZONE).toLocalDate()).orElse(null));
		model.addAttribute("removed", request.getParameter("removed") != null);
		return "mfa-factors";
	}

	@PostMapping("/mfa/factors/recovery-codes")
	String newRecoveryCodes(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		if (mustProveExistingFactor(authentication, request, response)) {
			return "redirect:/mfa";
		}
		return recoveryCodesPage(authentication.getName(), request, response, model);
	}

	@PostMapping("/mfa/factors/totp/remove")
	String removeTotp(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
		if (mustProveExistingFactor(authentication, request, response)) {
			return "redirect:/mfa";
		}
		String sub = authentication.getName();
		this.totp.remove(sub);
		this.audit.record(sub, AuditEventType.MFA_CHANGED,
				Map.of("factor", "totp", "action", "remove", "ip", request.getRemoteAddr()));
		return "redirect:/mfa/factors?removed";
	}

	// An agent with a factor, in a session that has not used one, is sent to use it first, then brought back here.
	private boolean mustProveExistingFactor(Authentication authentication, HttpServletRequest request,
			HttpServletResponse response) {
		EnrolledFactors enrolled = this.factors.of(authentication.getName());
		if (!enrolled.any() || AuthenticationContextClass.of(authentication.getAuthorities()).hasSecondFactor()) {
			return false;
		}
		// An interrupted authorization request, if any, stays the one to resume: it comes back here if it still needs
		// this page.
		if ("GET".equals(request.getMethod()) && this.requestCache.getRequest(request, response) == null) {
			this.requestCache.saveRequest(request, response);
		}
		return true;
	}

	private String enrolmentPage(Authentication authentication, HttpServletRequest request, Model model,
			String error, long retryAfterSeconds) {
		String sub = authentication.getName();
		String account = this.signedInAgents.find(sub).map(FactorSetupController::accountName).orElse(sub);
		String qrTitle = this.messages.getMessage("mfa.enrol.qr.title", null, RequestContextUtils.getLocale(request));
		TotpEnrolmentStart start = this.totp.pending(sub, account, qrTitle)
			.orElseGet(() -> this.totp.begin(sub, account, qrTitle));
		model.addAttribute("start", start);
		model.addAttribute("account", account);
		model.addAttribute("enrolled", this.factors.of(sub));
		model.addAttribute("canPostpone", canPostpone(sub, request));
		model.addAttribute("error", error);
		model.addAttribute("retryAfter", retryAfterSeconds);
		return "mfa-enrol";
	}

	private String recoveryCodesPage(String sub, HttpServletRequest request, HttpServletResponse response,
			Model model) {
		model.addAttribute("codes", this.recoveryCodes.generate(sub));
		model.addAttribute("continueUrl", this.resume.targetUrl(request, response));
		return "mfa-recovery-codes";
	}

	// Only an agent with no factor yet, whose requirement comes from a commune or role policy still within its grace
	// period; never for a client that requires a second factor, an admin role or acr_values.
	private boolean canPostpone(String sub, HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		Object pending = (session != null) ? session.getAttribute(AuthorizationRequestGate.PENDING_REQUIREMENT)
				: null;
		if (!(pending instanceof Requirement requirement) || requirement.enforced() || this.factors.of(sub).any()) {
			return false;
		}
		Instant now = this.clock.instant();
		return AuthorizationRequestGate.isWithinGrace(this.grace, this.policy, sub, now);
	}

	private static String accountName(Agent agent) {
		return (agent.email() != null && !agent.email().isBlank()) ? agent.email() : agent.login();
	}

}
