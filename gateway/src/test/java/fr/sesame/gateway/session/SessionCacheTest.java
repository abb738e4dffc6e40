package fr.sesame.gateway.session;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.GatewayInstance;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas sharing Redis, each keeping the sessions it read in the last second (the default
 * {@code cache-freshness}): a session ended or changed through one replica is never used by the other more than a
 * second later, whether the other hears of it (pub/sub, at once) or not (then the second is the bound).
 */
class SessionCacheTest {

	private static final Duration WITHIN = Duration.ofSeconds(1);

	private final Fixture fixture = FakeProviderGateways.redis();

	private final GatewayInstance first = this.fixture.gateways()[0];

	private final GatewayInstance second = this.fixture.gateways()[1];

	private final TestOpenIdProvider provider = this.fixture.provider();

	@BeforeEach
	void reset() {
		this.fixture.reset();
	}

	@Test
	void aBackChannelLogoutOnOneReplicaIsEffectiveOnTheOtherWithinASecond() {
		Browser browser = signedInThroughFirstAndCachedBySecond("mbernard");

		HttpResponse<String> logout = new Browser().post(this.first.url("/logout/connect/back-channel/sesame"),
				Map.of("logout_token", this.provider.logoutToken(FakeProviderGateways.CLIENT_ID, this.provider.lastSid(), null)));
		long loggedOut = System.nanoTime();

		assertThat(logout.statusCode()).isEqualTo(200);
		assertThat(untilSignedOut(browser, this.second, loggedOut)).isLessThanOrEqualTo(WITHIN);
	}

	@Test
	void aSignOutOnOneReplicaIsEffectiveOnTheOtherWithinASecond() {
		Browser browser = signedInThroughFirstAndCachedBySecond("slegrand");
		String sessionId = browser.cookie("SESAME_GATEWAY").orElseThrow();
		HttpResponse<String> portal = browser.get(this.first.url("/"));

		HttpResponse<String> signOut = browser.post(this.first.url("/logout"), Map.of("_csrf", Browser.csrf(portal.body())));
		long signedOut = System.nanoTime();
		// The browser forgot the cookie; a copy of it (another tab, a stolen value) is what must stop working.
		browser.setCookie(this.second.url(""), "SESAME_GATEWAY", sessionId);

		assertThat(signOut.statusCode()).isEqualTo(302);
		assertThat(untilSignedOut(browser, this.second, signedOut)).isLessThanOrEqualTo(WITHIN);
	}

	@Test
	void aSessionEndedWithoutNoticeStopsWorkingOnEveryReplicaWithinASecond() {
		Browser browser = signedInThroughFirstAndCachedBySecond("clambert");
		String key = this.first.context().getEnvironment().getProperty("spring.session.data.redis.namespace")
				+ ":sessions:" + browser.cookie("SESAME_GATEWAY").orElseThrow();

		// As if the notification were lost: the hash is deleted behind the replicas' back, nothing is published.
		assertThat(this.first.bean(ReactiveStringRedisTemplate.class).delete(key).block()).isEqualTo(1L);
		long deleted = System.nanoTime();

		// The second replica read the session before the deletion: its copy lasts one second from that read (the
		// margin is the polling step).
		assertThat(untilSignedOut(browser, this.second, deleted)).isLessThanOrEqualTo(WITHIN.plusMillis(100));
		assertSignedOut(browser.get(this.first.url("/open/x")));
	}

	@Test
	void tokensRefreshedThroughOneReplicaAreTheOnesTheOtherUses() {
		// Access tokens living 30 s are refreshed by every request (the gateway refreshes 60 s ahead), and the
		// provider refuses a refresh token used twice: a replica using a stale copy of the session would end it.
		this.provider.accessTokenTtl(Duration.ofSeconds(30));
		Browser browser = signedInThroughFirstAndCachedBySecond("jloneil");

		for (int i = 0; i < 6; i++) {
			GatewayInstance replica = (i % 2 == 0) ? this.first : this.second;
			HttpResponse<String> response = browser.get(replica.url("/open/" + i));
			assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
		}
		assertThat(this.provider.tokenRequests()).filteredOn((form) -> "refresh_token".equals(form.get("grant_type")))
			.hasSizeGreaterThanOrEqualTo(6);
	}

	private Browser signedInThroughFirstAndCachedBySecond(String login) {
		this.provider.signInAs(TestOpenIdProvider.agent(login, "rivebelle", Set.of("agent")));
		Browser browser = new Browser();
		assertThat(browser.open(this.first.url("/open/x")).statusCode()).isEqualTo(200);
		assertThat(browser.get(this.second.url("/open/y")).statusCode()).isEqualTo(200);
		return browser;
	}

	/**
	 * Requests through {@code replica} until one is sent back to sign in.
	 *
	 * @return how long after {@code since} that request was sent
	 */
	private static Duration untilSignedOut(Browser browser, GatewayInstance replica, long since) {
		while (true) {
			long sent = System.nanoTime();
			HttpResponse<String> response = browser.get(replica.url("/open/x"));
			if (response.statusCode() == 302) {
				assertSignedOut(response);
				return Duration.ofNanos(sent - since);
			}
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - since)).as("still signed in").isLessThan(Duration.ofSeconds(5));
			sleep(20);
		}
	}

	private static void assertSignedOut(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(Browser.location(response)).endsWith("/oauth2/authorization/sesame");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
