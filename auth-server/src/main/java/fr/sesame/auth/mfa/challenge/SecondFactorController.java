package fr.sesame.auth.mfa.challenge;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.mfa.AgentFactors;
import fr.sesame.auth.mfa.EnrolledFactors;
import fr.sesame.auth.mfa.SessionElevation;
import fr.sesame.auth.mfa.policy.Requirement;
import fr.sesame.auth.mfa.recovery.RecoveryCodes;
import fr.sesame.auth.mfa.stepup.AuthorizationRequestGate;
import fr.sesame.auth.mfa.throttle.SecondFactorThrottle;
import fr.sesame.auth.mfa.totp.TotpCheck;
import fr.sesame.auth.mfa.totp.TotpFactor;
import fr.sesame.auth.throttle.ThrottleDecision;
import fr.sesame.auth.token.AuthenticationContextClass;

/**
 * Where a signed-in agent proves its second factor (a TOTP code, a recovery code, or a passkey through the passkey
 * fragment's script), then goes on to the request that asked for it. Asks only for what is missing: the password was
 * verified already.
 */
@Controller
class SecondFactorController {

	private final AgentFactors factors;

	private final TotpFactor totp;

	private final RecoveryCodes recoveryCodes;

	private final SecondFactorThrottle throttle;

	private final SessionElevation elevation;

	private final AuditTrail audit;

	private final ResumeAfterSecondFactor resume = new ResumeAfterSecondFactor();

	SecondFactorController(AgentFactors factors, TotpFactor totp, RecoveryCodes recoveryCodes,
			SecondFactorThrottle throttle, SessionElevation elevation, AuditTrail audit) {
		this.factors = factors;
		this.totp = totp;
		this.recoveryCodes = recoveryCodes;
		this.throttle = throttle;
		this.elevation = elevation;
		this.audit = audit;
	}

	@GetMapping("/mfa")
	String challenge(Authentication authentication, HttpServletRequest request, Model model) {
		EnrolledFactors enrolled = this.factors.of(authentication.getName());
		if (!enrolled.any()) {
			return "redirect:/mfa/enrol";
		}
		return page(model, request, enrolled, null, 0);
	}

	@PostMapping("/mfa/totp")
	String verifyTotp(@RequestParam(name = "code", defaultValue = "") String code, Authentication authentication,
			HttpServletRequest request, HttpServletResponse response, Model model)
			throws IOException, ServletException {
		String sub = authentication.getName();
		ThrottleDecision decision = this.throttle.check(sub);
		if (!decision.allowed()) {
			return throttled(sub, "totp", decision, request, response, model);
		}
		TotpCheck check = this.totp.verify(sub, code);
		if (check != TotpCheck.ACCEPTED) {
			this.throttle.recordFailure(sub);
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			return page(model, request, this.factors.of(sub),
					(check == TotpCheck.REPLAYED) ? "code_replayed" : "code_wrong", 0);
		}
		this.throttle.recordSuccess(sub);
		this.resume.onAuthenticationSuccess(request, response,
				this.elevation.elevate(request, response, AuthenticationContextClass.TOTP_FACTOR));
		return null;
	}

	@PostMapping("/mfa/recovery")
	String useRecoveryCode(@RequestParam(name = "recoveryCode", defaultValue = "") String recoveryCode,
			Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model) {
		String sub = authentication.getName();
		ThrottleDecision decision = this.throttle.check(sub);
		if (!decision.allowed()) {
			return throttled(sub, "recovery-code", decision, request, response, model);
		}
		if (!this.recoveryCodes.redeem(sub, recoveryCode)) {
			this.throttle.recordFailure(sub);
			response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
			return page(model, request, this.factors.of(sub), "recovery_wrong", 0);
		}
		this.throttle.recordSuccess(sub);
		this.elevation.elevate(request, response, AuthenticationContextClass.RECOVERY_CODE_FACTOR);
		// An agent who needed a recovery code has probably lost its authenticator: say how many codes are left and
		// offer to set up a new one before going on.
		model.addAttribute("remaining", this.recoveryCodes.remaining(sub));
		model.addAttribute("continueUrl", this.resume.targetUrl(request, response));
		return "mfa-recovery-used";
	}

	private String throttled(String sub, String factor, ThrottleDecision decision, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		long seconds = Math.max(1, decision.retryAfter().toSeconds());
		this.audit.record(sub, AuditEventType.MFA_FAILED, java.util.Map.of("factor", factor, "reason", "throttled",
				"ip", request.getRemoteAddr()));
		response.setStatus(429);
		response.setHeader("Retry-After", Long.toString(seconds));
		return page(model, request, this.factors.of(sub), "throttled", seconds);
	}

	private static String page(Model model, HttpServletRequest request, EnrolledFactors enrolled, String error,
			long retryAfterSeconds) {
		HttpSession session = request.getSession(false);
		Object pending = (session != null) ? session.getAttribute(AuthorizationRequestGate.PENDING_REQUIREMENT)
				: null;
		boolean passkeyOnly = pending instanceof Requirement requirement
				&& requirement.level() == Requirement.Level.PASSKEY;
		model.addAttribute("passkeyOnly", passkeyOnly);
		model.addAttribute("enrolled", enrolled);
		model.addAttribute("error", error);
		model.addAttribute("retryAfter", retryAfterSeconds);
		return "mfa-challenge";
	}

}
