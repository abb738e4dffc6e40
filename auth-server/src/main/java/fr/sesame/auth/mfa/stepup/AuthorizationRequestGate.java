package fr.sesame.auth.mfa.stepup;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.web.filter.OncePerRequestFilter;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.directory.AgentStanding;
import fr.sesame.auth.directory.ClientRoles;
import fr.sesame.auth.directory.IndexedStanding;
import fr.sesame.auth.mfa.AgentFactors;
import fr.sesame.auth.mfa.EnrolledFactors;
import fr.sesame.auth.mfa.enrolment.EnrolmentGrace;
import fr.sesame.auth.mfa.policy.Requirement;
import fr.sesame.auth.mfa.policy.SecondFactorPolicy;
import fr.sesame.auth.oidc.AuthorizationResponses;
import fr.sesame.auth.token.AuthenticationContextClass;
import fr.sesame.directory.agent.Agent;

/**
 * Where an authorization request meets the authentication it needs, before Spring's authorization endpoint may
 * issue a code: {@code prompt=login} and {@code max_age} send the agent back to the password, and a request whose
 * client, {@code acr_values}, roles or commune call for a second factor that the session lacks goes to the
 * second-factor page ({@code /mfa}) or, for an agent with none yet, to enrolment ({@code /mfa/enrol}). Spring's
 * authorization server ignores {@code acr_values} and {@code max_age}: without this gate a password-only session
 * would get a code for any client.
 */
public final class AuthorizationRequestGate extends OncePerRequestFilter {

	/** Session attribute: what the interrupted authorization request needs (a {@link Requirement}). */
	public static final String PENDING_REQUIREMENT = AuthorizationRequestGate.class.getName() + ".requirement";

	/** Session attribute: the agent's sub, once it chose to enrol later during its grace period. */
	public static final String ENROLMENT_POSTPONED = AuthorizationRequestGate.class.getName() + ".postponed";

	// When this gate sent the agent back to the password: a sign-in after that instant satisfies prompt=login and
	// max_age for the request that asked, which would otherwise loop.
	private static final String FRESH_SIGN_IN_ASKED = AuthorizationRequestGate.class.getName() + ".freshSignIn";

	private static final Logger logger = LoggerFactory.getLogger(AuthorizationRequestGate.class);

	private final RegisteredClientRepository clients;

	private final SignedInAgents signedInAgents;

	private final IndexedStanding standing;

	private final ClientRoles clientRoles;

	private final SecondFactorPolicy policy;

	private final AgentFactors factors;

	private final EnrolmentGrace grace;

	private final Clock clock;

	private final AuthorizationResponses responses;

	private final RequestCache requestCache = new HttpSessionRequestCache();

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	public AuthorizationRequestGate(RegisteredClientRepository clients, SignedInAgents signedInAgents,
			IndexedStanding standing, ClientRoles clientRoles, SecondFactorPolicy policy, AgentFactors factors,
			EnrolmentGrace grace, Clock clock, AuthorizationResponses responses) {
		this.clients = clients;
		this.signedInAgents = signedInAgents;
		this.standing = standing;
		this.clientRoles = clientRoles;
		this.policy = policy;
		this.factors = factors;
		this.grace = grace;
		this.clock = clock;
		this.responses = responses;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().equals(request.getContextPath() + "/oauth2/authorize");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = this.holder.getContext().getAuthentication();
		AuthenticationContextClass session = (authentication != null && authentication.isAuthenticated())
				? AuthenticationContextClass.of(authentication.getAuthorities()) : null;
		RegisteredClient client = clientOf(request);
		// Not an agent's session yet, or a request the endpoint itself must refuse: Spring's own handling applies.
		if (session == null || session.passwordVerifiedAt().isEmpty() || client == null
				|| AuthorizationResponses.registeredRedirectUri(client, request.getParameter("redirect_uri")).isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		boolean promptNone = prompts(request).contains("none");
		Optional<Agent> agent = this.signedInAgents.find(authentication.getName());
		AgentStanding standing = agent.map((signedIn) -> this.standing.of(signedIn,
				session.passwordVerifiedAt().get())).orElse(null);
		if (standing == null || !standing.active() || needsFreshSignIn(request, session)) {
			if (promptNone) {
				this.responses.sendError(request, response, client, "login_required");
				return;
			}
			askForPassword(request, response);
			return;
		}
		Requirement requirement = this.policy.requirementFor(client, standing.agent().communeId(),
				this.clientRoles.of(standing, client.getClientId()), request.getParameter("acr_values"));
		if (requirement.isMetBy(session)) {
			chain.doFilter(request, response);
			return;
		}
		String sub = authentication.getName();
		EnrolledFactors enrolled = this.factors.of(sub);
		if (!enrolled.any() && !requirement.enforced() && isPostponed(request, sub)) {
			chain.doFilter(request, response);
			return;
		}
		if (promptNone) {
			this.responses.sendError(request, response, client, "interaction_required");
			return;
		}
		logger.info("Second factor required: client={} reason={} level={} enrolled={}", client.getClientId(),
				requirement.reason(), requirement.level(), enrolled.any());
		this.requestCache.saveRequest(request, response);
		request.getSession().setAttribute(PENDING_REQUIREMENT, requirement);
		boolean canAnswer = (requirement.level() == Requirement.Level.PASSKEY) ? enrolled.passkey() : enrolled.any();
		response.sendRedirect(request.getContextPath() + (canAnswer ? "/mfa" : "/mfa/enrol"));
	}

	/** Whether the agent, within its grace period, chose in this session to enrol later. */
	private boolean isPostponed(HttpServletRequest request, String sub) {
		HttpSession session = request.getSession(false);
		if (session == null || !sub.equals(session.getAttribute(ENROLMENT_POSTPONED))) {
			return false;
		}
		return isWithinGrace(this.grace, this.policy, sub, this.clock.instant());
	}

	/** Whether an agent concerned by a commune or role policy may still postpone its enrolment. */
	public static boolean isWithinGrace(EnrolmentGrace grace, SecondFactorPolicy policy, String sub, Instant now) {
		Duration period = policy.properties().gracePeriod();
		return !period.isZero() && now.isBefore(grace.firstRequired(sub, now).plus(period));
	}

	private boolean needsFreshSignIn(HttpServletRequest request, AuthenticationContextClass session) {
		Instant passwordAt = session.passwordVerifiedAt().get();
		HttpSession httpSession = request.getSession(false);
		Object asked = (httpSession != null) ? httpSession.getAttribute(FRESH_SIGN_IN_ASKED) : null;
		if (asked instanceof Instant askedAt && !passwordAt.isBefore(askedAt)) {
			httpSession.removeAttribute(FRESH_SIGN_IN_ASKED);
			return false;
		}
		if (prompts(request).contains("login")) {
			return true;
		}
		Long maxAge = maxAge(request.getParameter("max_age"));
		if (maxAge == null) {
			return false;
		}
		// max_age=0 always asks again, as prompt=login does: "now" is never strictly within zero seconds.
		Instant authenticatedAt = session.authenticatedAt().orElse(passwordAt);
		return maxAge == 0 || authenticatedAt.plusSeconds(maxAge).isBefore(this.clock.instant());
	}

	// A new sign-in, not a second factor on top of the old one: the authentication is dropped (the HTTP session,
	// and with it the single sign-on session id, stays), the request kept for after the password.
	private void askForPassword(HttpServletRequest request, HttpServletResponse response) throws IOException {
		this.requestCache.saveRequest(request, response);
		request.getSession().setAttribute(FRESH_SIGN_IN_ASKED, this.clock.instant());
		this.holder.clearContext();
		this.contexts.saveContext(this.holder.createEmptyContext(), request, response);
		response.sendRedirect(request.getContextPath() + "/login");
	}

	private RegisteredClient clientOf(HttpServletRequest request) {
		String clientId = request.getParameter("client_id");
		return (clientId != null && !clientId.isBlank() && clientId.length() <= 256)
				? this.clients.findByClientId(clientId) : null;
	}

	// The endpoint answers a wrong redirect_uri with an error page; this gate must not redirect anywhere for it.
	// Without the parameter, a client with one registered URI uses it (OAuth 2.1); with several, the endpoint refuses.
	private static List<String> prompts(HttpServletRequest request) {
		String prompt = request.getParameter("prompt");
		return (prompt != null) ? Arrays.asList(prompt.split(" ")) : List.of();
	}

	private static Long maxAge(String value) {
		if (value == null || value.isEmpty() || value.length() > 10 || !value.chars().allMatch(Character::isDigit)) {
			return null;
		}
		return Long.parseLong(value);
	}

}
