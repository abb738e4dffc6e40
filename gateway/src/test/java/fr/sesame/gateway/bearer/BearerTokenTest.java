package fr.sesame.gateway.bearer;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * API clients with bearer access tokens: verified against the provider's keys (with rotation), then the same policy
 * as browsers; anything forged gets a 401 and the upstream hears nothing.
 */
class BearerTokenTest {

	private static final Map<String, Object> AGENT = TestOpenIdProvider.agent("jdupont", "rivebelle", Set.of("agent"));

	private final Fixture fixture = FakeProviderGateways.memory();

	private final TestOpenIdProvider provider = this.fixture.provider();

	@BeforeEach
	void reset() {
		this.fixture.reset();
	}

	@Test
	void aValidAccessTokenOpensTheApplicationAndIsRelayed() {
		String token = this.provider.accessToken("api-client", AGENT);

		HttpResponse<String> response = call("/open/items", token);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.fixture.upstream().lastRequest().getHeader("Authorization")).isEqualTo("Bearer " + token);
		assertThat(this.fixture.upstream().lastRequest().getHeader("X-Sesame-Login")).isEqualTo("jdupont");
	}

	@Test
	void aBearerTokenIsNotForwardedToApplicationsThatDoNotRelayTokens() {
		assertThat(call("/plain/items", this.provider.accessToken("api-client", AGENT)).statusCode()).isEqualTo(200);
		assertThat(this.fixture.upstream().lastRequest().containsHeader("Authorization")).isFalse();
	}

	@Test
	void forgedTokensGet401AndTheUpstreamIsNeverCalled() {
		Instant now = Instant.now();
		Map<String, String> forgeries = Map.of(
				"alg none", new PlainJWT(new JWTClaimsSet.Builder().issuer(this.provider.issuer())
					.audience("api-client").subject("sub-x").claim("commune", "rivebelle")
					.claim("scope", "openid").expirationTime(Date.from(now.plusSeconds(300))).build()).serialize(),
				"wrong key", TestOpenIdProvider.sign(claims().build(), TestOpenIdProvider.newKey("op-1"), null),
				"expired", this.provider.accessToken("api-client", AGENT, (c) -> c
					.issueTime(Date.from(now.minusSeconds(900))).expirationTime(Date.from(now.minusSeconds(300)))),
				"not yet valid", this.provider.accessToken("api-client", AGENT, (c) -> c
					.notBeforeTime(Date.from(now.plusSeconds(600)))),
				"wrong audience", this.provider.accessToken("someone-else", AGENT),
				"wrong issuer", this.provider.accessToken("api-client", AGENT, (c) -> c.issuer("http://evil.example")),
				"garbage", "not-a-token",
				"id token", this.provider.accessToken("api-client", AGENT, (c) -> c.claim("scope", null).claim("nonce", "n")),
				"tampered", tamper(this.provider.accessToken("api-client", AGENT)),
				"sender-constrained", this.provider.accessToken("api-client", AGENT,
						(c) -> c.claim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"))));
		Map<String, String> attempts = new LinkedHashMap<>(forgeries);
		attempts.put("malformed header", "two words");
		attempts.forEach((name, token) -> {
			HttpResponse<String> response = call("/open/items", token);
			assertThat(response.statusCode()).as(name).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(name)
				.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"invalid_token\""));
		});
		assertThat(this.fixture.upstream().requests()).isEmpty();
	}

	@Test
	void aRefusedTokenNeverFallsBackToTheSignedInSession() {
		Browser browser = this.fixture.signedIn(AGENT);
		assertThat(browser.get(this.fixture.url("/open/page")).statusCode()).isEqualTo(200);
		int before = this.fixture.upstream().requests().size();

		HttpResponse<String> response = browser.get(this.fixture.url("/open/page"),
				Map.of("Authorization", "Bearer not-a-token", "Accept", "application/json"));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate"))
			.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"invalid_token\""));
		assertThat(this.fixture.upstream().requests()).hasSize(before);
	}

	@Test
	void aTokenSignedWithARotatedKeyIsAcceptedOnceTheKeysAreFetchedAgain() {
		assertThat(call("/open/a", this.provider.accessToken("api-client", AGENT)).statusCode()).isEqualTo(200);
		this.provider.rotateKey();

		assertThat(call("/open/b", this.provider.accessToken("api-client", AGENT)).statusCode()).isEqualTo(200);
	}

	@Test
	void aTokenPresentedAgainIsNotVerifiedAgain() {
		VerifiedAccessTokens cache = this.fixture.gateway().bean(VerifiedAccessTokens.class);
		String token = this.provider.accessToken("api-client", AGENT);
		assertThat(call("/open/a", token).statusCode()).isEqualTo(200);
		long cached = cache.size();
		int fetches = this.provider.jwksFetches();

		for (int i = 0; i < 5; i++) {
			assertThat(call("/open/a", token).statusCode()).isEqualTo(200);
		}

		assertThat(cache.size()).isEqualTo(cached);
		assertThat(this.provider.jwksFetches()).isEqualTo(fetches);
	}

	@Test
	void anApiWithoutTheSecondFactorGetsTheRfc9470Challenge() {
		HttpResponse<String> response = call("/finances/budget", this.provider.accessToken("api-client", AGENT));

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying((challenge) -> assertThat(challenge)
			.contains("error=\"insufficient_user_authentication\"")
			.contains("acr_values=\"urn:sesame:loa:mfa\""));
		assertThat(this.fixture.upstream().requests()).isEmpty();

		String withMfa = this.provider.accessToken("api-client", AGENT, (c) -> c.claim("acr", TestOpenIdProvider.MFA));
		assertThat(call("/finances/budget", withMfa).statusCode()).isEqualTo(200);
	}

	@Test
	void theSamePolicyAppliesToBearerTokensWithAJsonRefusal() {
		Map<String, Object> montclair = TestOpenIdProvider.agent("jdupont", "montclair", Set.of("officier-etat-civil"));
		HttpResponse<String> response = call("/etat-civil/actes", this.provider.accessToken("api-client", montclair));

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).isEqualTo(
				"{\"error\":\"access_denied\",\"reason\":\"commune_not_allowed\",\"application\":\"etat-civil\"}");
		assertThat(this.fixture.upstream().requests()).isEmpty();
	}

	private HttpResponse<String> call(String path, String token) {
		return new Browser().get(this.fixture.url(path),
				Map.of("Authorization", "Bearer " + token, "Accept", "application/json"));
	}

	private JWTClaimsSet.Builder claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(this.provider.issuer())
			.audience("api-client")
			.subject("sub-jdupont-rivebelle")
			.claim("commune", "rivebelle")
			.claim("scope", "openid")
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
	}

	/** Same header and signature, a payload claiming another commune. */
	private static String tamper(String token) {
		String[] parts = token.split("\\.");
		String payload = Base64URL.from(parts[1]).decodeToString().replace("\"rivebelle\"", "\"montclair\"");
		return parts[0] + "." + Base64URL.encode(payload) + "." + parts[2];
	}

}
