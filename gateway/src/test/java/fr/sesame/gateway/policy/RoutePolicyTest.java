package fr.sesame.gateway.policy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import fr.sesame.gateway.application.Application;
import fr.sesame.gateway.application.GatewayProperties.Bucket;
import fr.sesame.gateway.application.GatewayProperties.IdentityHeaderNames;
import fr.sesame.gateway.application.GatewayProperties.RateLimits;
import fr.sesame.gateway.application.MfaRequirement;
import fr.sesame.gateway.application.Relay;
import fr.sesame.gateway.application.RoleMatch;

import static org.assertj.core.api.Assertions.assertThat;

class RoutePolicyTest {

	private static final String MFA = "urn:sesame:loa:mfa";

	private final RoutePolicy policy = new RoutePolicy(MFA);

	@Test
	void browserWithoutSessionIsSentToSignIn() {
		assertThat(this.policy.decide(AccessRequest.anonymous(application(Set.of("*"), Set.of()), RequestKind.BROWSER)))
			.isInstanceOf(AccessDecision.SignIn.class);
	}

	@Test
	void apiCallWithoutCredentialsGets401WithoutError() {
		AccessDecision decision = this.policy.decide(AccessRequest.anonymous(application(Set.of("*"), Set.of()), RequestKind.API));
		assertThat(decision).isEqualTo(AccessDecision.Unauthorized.noCredentials());
		assertThat(decision.label()).isEqualTo("no_credentials");
	}

	@Test
	void agentOfAnAllowedCommuneIsLetIn() {
		assertThat(decide(application(Set.of("rivebelle"), Set.of()), agent("rivebelle", Set.of()), RequestKind.BROWSER))
			.isInstanceOf(AccessDecision.Allow.class);
	}

	@Test
	void agentOfAnotherCommuneIsRefused() {
		assertThat(decide(application(Set.of("rivebelle"), Set.of()), agent("montclair", Set.of()), RequestKind.BROWSER))
			.isEqualTo(new AccessDecision.Forbidden(DenialReason.COMMUNE_NOT_ALLOWED));
	}

	@Test
	void everyCommuneMeansEveryAgentWithACommuneButNotAMachine() {
		Application open = application(Set.of("*"), Set.of());
		assertThat(decide(open, agent("montclair", Set.of()), RequestKind.API)).isInstanceOf(AccessDecision.Allow.class);
		AgentIdentity client = new AgentIdentity("api-client", null, null, null, null, null, Set.of(), Set.of(), null,
				List.of());
		assertThat(decide(open, client, RequestKind.API))
			.isEqualTo(new AccessDecision.Forbidden(DenialReason.COMMUNE_NOT_ALLOWED));
	}

	@Test
	void anyOfNeedsOneRoleAllOfNeedsEvery() {
		Application anyOf = application(Set.of("*"), Set.of("rh", "paie"));
		Application allOf = withRoleMatch(anyOf, RoleMatch.ALL_OF);
		AgentIdentity rhOnly = agent("rivebelle", Set.of("rh"));
		assertThat(decide(anyOf, rhOnly, RequestKind.BROWSER)).isInstanceOf(AccessDecision.Allow.class);
		assertThat(decide(allOf, rhOnly, RequestKind.BROWSER))
			.isEqualTo(new AccessDecision.Forbidden(DenialReason.ROLE_MISSING));
		assertThat(decide(allOf, agent("rivebelle", Set.of("rh", "paie", "agent")), RequestKind.BROWSER))
			.isInstanceOf(AccessDecision.Allow.class);
	}

	@Test
	void missingRoleIsRefused() {
		assertThat(decide(application(Set.of("rivebelle"), Set.of("officier-etat-civil")), agent("rivebelle", Set.of("agent")),
				RequestKind.BROWSER))
			.isEqualTo(new AccessDecision.Forbidden(DenialReason.ROLE_MISSING));
	}

	@Test
	void browserWithoutSecondFactorIsSteppedUpWithAcrValues() {
		assertThat(decide(mfa(application(Set.of("*"), Set.of())), agent("rivebelle", Set.of()), RequestKind.BROWSER))
			.isEqualTo(new AccessDecision.StepUp(MFA));
	}

	@Test
	void stepUpAnsweredWithoutSecondFactorIsRefusedInsteadOfLooping() {
		AccessRequest request = AccessRequest.of(mfa(application(Set.of("*"), Set.of())), agent("rivebelle", Set.of()),
				RequestKind.BROWSER);
		assertThat(this.policy.decide(request.afterStepUp()))
			.isEqualTo(new AccessDecision.Forbidden(DenialReason.SECOND_FACTOR_UNAVAILABLE));
	}

	@Test
	void apiWithoutSecondFactorGetsRfc9470Challenge() {
		AccessDecision decision = decide(mfa(application(Set.of("*"), Set.of())), agent("rivebelle", Set.of()), RequestKind.API);
		assertThat(decision).isInstanceOfSatisfying(AccessDecision.Unauthorized.class, (unauthorized) -> {
			assertThat(unauthorized.error()).isEqualTo("insufficient_user_authentication");
			assertThat(unauthorized.acrValues()).isEqualTo(MFA);
		});
		assertThat(DecisionResponses.challenge((AccessDecision.Unauthorized) decision))
			.startsWith("Bearer realm=\"sesame\", error=\"insufficient_user_authentication\"")
			.contains("acr_values=\"urn:sesame:loa:mfa\"");
	}

	@Test
	void secondFactorByAcrOrByAmrLetsIn() {
		Application finances = mfa(application(Set.of("*"), Set.of()));
		AgentIdentity byAcr = new AgentIdentity("s", "l", "n", null, "rivebelle", "Rivebelle", Set.of(), Set.of(), MFA,
				List.of("pwd"));
		AgentIdentity byAmr = new AgentIdentity("s", "l", "n", null, "rivebelle", "Rivebelle", Set.of(), Set.of(), "other",
				List.of("pwd", "otp", "mfa"));
		assertThat(decide(finances, byAcr, RequestKind.BROWSER)).isInstanceOf(AccessDecision.Allow.class);
		assertThat(decide(finances, byAmr, RequestKind.API)).isInstanceOf(AccessDecision.Allow.class);
	}

	@Test
	void roleIsCheckedBeforeTheSecondFactorSoNobodyIsAskedForAFactorToBeRefusedAfter() {
		Application finances = mfa(application(Set.of("*"), Set.of("comptable")));
		assertThat(decide(finances, agent("rivebelle", Set.of("agent")), RequestKind.BROWSER))
			.isEqualTo(new AccessDecision.Forbidden(DenialReason.ROLE_MISSING));
	}

	@Test
	void portalListsWhatTheAgentMayOpenEvenIfASecondFactorIsStillNeeded() {
		assertThat(this.policy.mayOpen(mfa(application(Set.of("*"), Set.of())), agent("rivebelle", Set.of()))).isTrue();
		assertThat(this.policy.mayOpen(application(Set.of("rivebelle"), Set.of()), agent("montclair", Set.of()))).isFalse();
	}

	@Test
	void claimsAreReadLeniently() {
		AgentIdentity agent = AgentIdentity.fromClaims(java.util.Map.of("sub", "s", "commune", "rivebelle", "roles",
				"agent officier", "amr", List.of("pwd", 3), "acr", 42));
		assertThat(agent.roles()).containsExactlyInAnyOrder("agent", "officier");
		assertThat(agent.amr()).containsExactly("pwd");
		assertThat(agent.acr()).isNull();
		assertThat(agent.displayName()).isEqualTo("s");
	}

	private AccessDecision decide(Application application, AgentIdentity agent, RequestKind kind) {
		return this.policy.decide(AccessRequest.of(application, agent, kind));
	}

	private static AgentIdentity agent(String commune, Set<String> roles) {
		return new AgentIdentity("sub-1", "jdupont", "Jean Dupont", "j@example.org", commune, null, roles, Set.of("agents"),
				"urn:sesame:loa:pwd", List.of("pwd"));
	}

	static Application application(Set<String> communes, Set<String> roles) {
		RateLimits limits = new RateLimits(true, new Bucket(20, 40), new Bucket(50, 100), new Bucket(2, 20));
		return new Application("etat-civil", "État civil", "", "fr", List.of("/etat-civil/**"), List.of(),
				URI.create("http://upstream:8080"), communes, roles, RoleMatch.ANY_OF, MfaRequirement.NONE,
				Set.of(Relay.TOKEN), new IdentityHeaderNames("S", "L", "C", "R", "E", "N"), 0, Duration.ofSeconds(2),
				Duration.ofSeconds(30), limits, true, "/etat-civil/", 0);
	}

	private static Application withRoleMatch(Application a, RoleMatch match) {
		return new Application(a.id(), a.displayName(), a.description(), a.language(), a.paths(), a.hosts(), a.uri(),
				a.communes(), a.roles(), match, a.mfa(), a.relay(), a.headers(), a.stripPrefix(), a.connectTimeout(),
				a.responseTimeout(), a.rateLimits(), a.listed(), a.entry(), a.order());
	}

	private static Application mfa(Application a) {
		return new Application(a.id(), a.displayName(), a.description(), a.language(), a.paths(), a.hosts(), a.uri(),
				a.communes(), a.roles(), a.roleMatch(), MfaRequirement.MFA, a.relay(), a.headers(), a.stripPrefix(),
				a.connectTimeout(), a.responseTimeout(), a.rateLimits(), a.listed(), a.entry(), a.order());
	}

}
