package fr.sesame.auth.login;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.agent.SubjectIdentifier;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.throttle.LoginThrottle;
import fr.sesame.auth.throttle.LoginThrottle.AccountGuard;
import fr.sesame.auth.throttle.ThrottleDecision;
import fr.sesame.directory.agent.Agent;
import fr.sesame.directory.commune.CommuneDirectories;
import fr.sesame.directory.commune.CommuneDirectories.CommuneLogin;
import fr.sesame.directory.connector.AuthenticationOutcome;
import fr.sesame.directory.connector.AuthenticationOutcome.Refusal;
import fr.sesame.directory.connector.DirectoryConnector;

/**
 * Where an agent's password is checked: routes the login to its commune, asks the throttle, binds against the
 * commune's directory, and turns the agent into an authentication whose name is the agent's {@code sub}.
 */
public final class AgentAuthenticationProvider implements AuthenticationProvider {

	private static final Logger logger = LoggerFactory.getLogger(AgentAuthenticationProvider.class);

	private static final int MAX_LOGIN_LENGTH = 256;

	private final CommuneDirectories directories;

	private final LoginThrottle throttle;

	private final SignedInAgents signedInAgents;

	private final MeterRegistry meters;

	private final AuditTrail audit;

	public AgentAuthenticationProvider(CommuneDirectories directories, LoginThrottle throttle,
			SignedInAgents signedInAgents, MeterRegistry meters, AuditTrail audit) {
		this.directories = directories;
		this.throttle = throttle;
		this.signedInAgents = signedInAgents;
		this.meters = meters;
		this.audit = audit;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String typedLogin = String.valueOf(authentication.getPrincipal()).strip();
		String password = (authentication.getCredentials() != null) ? authentication.getCredentials().toString() : "";
		AgentLoginDetails details = (authentication.getDetails() instanceof AgentLoginDetails d) ? d
				: new AgentLoginDetails(null, "unknown");
		if (typedLogin.isEmpty() || typedLogin.length() > MAX_LOGIN_LENGTH || password.isEmpty()
				|| typedLogin.chars().anyMatch(Character::isISOControl)) {
			throw refused(SignInError.INVALID_INPUT, null, details);
		}
		Optional<CommuneLogin> routed = this.directories.resolve(typedLogin, details.pickedCommuneId());
		if (routed.isEmpty()) {
			throw refused(SignInError.UNKNOWN_COMMUNE, null, details);
		}
		CommuneLogin communeLogin = routed.get();
		String communeId = communeLogin.commune().id();
		ThrottleDecision decision = this.throttle.check(communeLogin.commune(), communeLogin.login(),
				details.clientIp());
		if (!decision.allowed()) {
			throw throttled(communeId, decision, details, "without contacting the directory");
		}
		DirectoryConnector connector = this.directories.connector(communeId)
			.orElseThrow(() -> refused(SignInError.UNKNOWN_COMMUNE, null, details));
		AccountGuard guard = this.throttle.accountGuard(communeLogin.commune());
		AuthenticationOutcome outcome = connector.authenticate(communeLogin.login(), password, guard);
		if (outcome instanceof AuthenticationOutcome.Authenticated authenticated) {
			return signedIn(communeLogin, authenticated.agent(), details);
		}
		Refusal refusal = ((AuthenticationOutcome.Refused) outcome).refusal();
		if (refusal == Refusal.THROTTLED) {
			throw throttled(communeId, guard.refusal().orElseThrow(), details, "before binding as the account");
		}
		if (refusal == Refusal.BAD_CREDENTIALS) {
			this.throttle.recordFailure(communeLogin.commune(), communeLogin.login(), details.clientIp());
		}
		throw refused(SignInError.of(refusal), communeId, details, outcome.reason());
	}

	private Authentication signedIn(CommuneLogin communeLogin, Agent agent, AgentLoginDetails details) {
		this.throttle.recordSuccess(communeLogin.commune(), communeLogin.login());
		String subject = SubjectIdentifier.of(agent);
		this.signedInAgents.save(subject, agent);
		count(agent.communeId(), "success");
		// The audit trail's SIGN_IN_SUCCEEDED line says it already, for every sign-in.
		logger.debug("Sign-in succeeded: commune={} sub={} ip={}", agent.communeId(), subject, details.clientIp());
		this.audit.record(subject, AuditEventType.SIGN_IN_SUCCEEDED,
				Map.of("commune", agent.communeId(), "ip", String.valueOf(details.clientIp())));
		FactorGrantedAuthority password = FactorGrantedAuthority.withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY)
			.issuedAt(Instant.now())
			.build();
		UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken.authenticated(subject, null,
				List.of(password));
		// Set here so that the form's details (a type of ours) are not copied into the authorization, which the
		// Redis store serialises with Spring Security's allow-listed JSON types only.
		result.setDetails(new WebAuthenticationDetails(details.clientIp(), null));
		return result;
	}

	private AgentSignInException throttled(String communeId, ThrottleDecision decision, AgentLoginDetails details,
			String when) {
		count(communeId, SignInError.THROTTLED.code());
		logger.info("Sign-in refused {}: commune={} reason=throttled ip={}", when, communeId, details.clientIp());
		this.audit.record("anonymous", AuditEventType.SIGN_IN_FAILED, Map.of("commune", communeId, "reason",
				SignInError.THROTTLED.code(), "ip", String.valueOf(details.clientIp())));
		return new AgentSignInException(SignInError.THROTTLED, communeId, decision.retryAfter());
	}

	private AgentSignInException refused(SignInError error, String communeId, AgentLoginDetails details) {
		return refused(error, communeId, details, error.code());
	}

	private AgentSignInException refused(SignInError error, String communeId, AgentLoginDetails details,
			String reason) {
		String commune = (communeId != null) ? communeId : "none";
		count(commune, reason);
		logger.info("Sign-in refused: commune={} reason={} ip={}", commune, reason, details.clientIp());
		// Not the typed login: for an unknown account it may be anything, a password typed in the wrong field too.
		this.audit.record("anonymous", AuditEventType.SIGN_IN_FAILED,
				Map.of("commune", commune, "reason", reason, "ip", String.valueOf(details.clientIp())));
		return new AgentSignInException(error, communeId);
	}

	private void count(String communeId, String outcome) {
		this.meters.counter("sesame.signins", "commune", communeId, "outcome", outcome).increment();
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
