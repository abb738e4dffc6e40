package fr.sesame.gateway.logout;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;

import fr.sesame.gateway.support.Browser;
import fr.sesame.gateway.support.FakeProviderGateways;
import fr.sesame.gateway.support.FakeProviderGateways.Fixture;
import fr.sesame.gateway.support.GatewayInstance;
import fr.sesame.gateway.support.TestOpenIdProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas sharing Redis: a session created through one works through the other, and a back-channel logout
 * token received by either ends it on both.
 */
class SharedSessionTest {

	private final Fixture fixture = FakeProviderGateways.redis();

	private final GatewayInstance first = this.fixture.gateways()[0];

	private final GatewayInstance second = this.fixture.gateways()[1];

	private final TestOpenIdProvider provider = this.fixture.provider();

	@BeforeEach
	void reset() {
		this.fixture.reset();
	}

	@Test
	void aSessionCreatedThroughOneReplicaWorksThroughTheOther() {
		Browser browser = signedInThroughFirst("jdupont");

		HttpResponse<String> viaSecond = browser.get(this.second.url("/open/x"));

		assertThat(viaSecond.statusCode()).isEqualTo(200);
		assertThat(this.fixture.upstream().lastRequest().getHeader("X-Sesame-Login")).isEqualTo("jdupont");
		assertThat(this.provider.authorizeRequests()).hasSize(1);
	}

	@Test
	void aLogoutTokenReceivedByOneReplicaEndsTheSessionOnBoth() {
		Browser browser = signedInThroughFirst("hlefevre");
		String sid = this.provider.lastSid();
		Browser other = signedInThroughFirst("mcdaragon");

		HttpResponse<String> logout = backChannel(this.second,
				this.provider.logoutToken(FakeProviderGateways.CLIENT_ID, sid, null));

		assertThat(logout.statusCode()).isEqualTo(200);
		assertThat(logout.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertSignedOut(browser, this.first);
		assertSignedOut(browser, this.second);
		assertThat(other.get(this.first.url("/open/x")).statusCode()).as("another agent's session").isEqualTo(200);
	}

	@Test
	void aLogoutTokenNamingOnlyTheAgentEndsAllTheirSessions() {
		Browser laptop = signedInThroughFirst("zdarc");
		this.provider.signInAs(TestOpenIdProvider.agent("zdarc", "rivebelle", Set.of("agent")));
		Browser phone = new Browser();
		phone.open(this.second.url("/"));

		HttpResponse<String> logout = backChannel(this.first,
				this.provider.logoutToken(FakeProviderGateways.CLIENT_ID, null, "sub-zdarc-rivebelle"));

		assertThat(logout.statusCode()).isEqualTo(200);
		assertSignedOut(laptop, this.second);
		assertSignedOut(phone, this.first);
	}

	@Test
	void aForgedOrMisaddressedLogoutTokenIsRefusedAndEndsNothing() {
		Browser browser = signedInThroughFirst("jloneil");
		String sid = this.provider.lastSid();

		Map<String, String> forgeries = Map.of("wrong key",
				this.provider.logoutToken(FakeProviderGateways.CLIENT_ID, sid, null, TestOpenIdProvider.newKey("op-1")),
				"wrong audience", this.provider.logoutToken("another-client", sid, null), "no sid nor sub",
				this.provider.logoutToken(FakeProviderGateways.CLIENT_ID, null, null), "garbage", "garbage");
		forgeries.forEach((name, token) -> {
			HttpResponse<String> response = backChannel(this.second, token);
			assertThat(response.statusCode()).as(name).isEqualTo(400);
			assertThat(response.body()).as(name).contains("\"error\":\"invalid_request\"");
		});
		String token = this.provider.logoutToken(FakeProviderGateways.CLIENT_ID, sid, null);
		assertThat(backChannel(this.second, token).statusCode()).isEqualTo(200);
		assertThat(backChannel(this.first, token).statusCode()).as("replayed").isEqualTo(400);
		assertSignedOut(browser, this.first);
	}

	@Test
	void aSessionSavedBackHalfwayAfterItsLogoutSignsTheBrowserOutInsteadOfFailing() {
		Browser browser = signedInThroughFirst("afaure");
		String sessionId = browser.cookie("SESAME_GATEWAY").orElseThrow();
		String key = this.first.context().getEnvironment().getProperty("spring.session.data.redis.namespace")
				+ ":sessions:" + sessionId;
		ReactiveStringRedisTemplate redis = this.first.bean(ReactiveStringRedisTemplate.class);
		// What a request in flight during a back-channel logout leaves behind: only the last access time, written
		// as Spring Session writes it (JDK serialization).
		redis.delete(key).block();
		byte[] lastAccessedTime = new JdkSerializationRedisSerializer().serialize(System.currentTimeMillis());
		redis.getConnectionFactory()
			.getReactiveConnection()
			.hashCommands()
			.hSet(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)),
					ByteBuffer.wrap("lastAccessedTime".getBytes(StandardCharsets.UTF_8)), ByteBuffer.wrap(lastAccessedTime))
			.block();

		assertSignedOut(browser, this.second);
	}

	@Test
	void aSessionAnotherVersionWroteSignsTheBrowserOutInsteadOfFailing() {
		Browser browser = signedInThroughFirst("gfontaine");
		String key = this.first.context().getEnvironment().getProperty("spring.session.data.redis.namespace")
				+ ":sessions:" + browser.cookie("SESAME_GATEWAY").orElseThrow();
		ReactiveStringRedisTemplate redis = this.first.bean(ReactiveStringRedisTemplate.class);
		redis.getConnectionFactory()
			.getReactiveConnection()
			.hashCommands()
			.hSet(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)),
					ByteBuffer.wrap("sessionAttr:SPRING_SECURITY_CONTEXT".getBytes(StandardCharsets.UTF_8)),
					ByteBuffer.wrap(new byte[] { (byte) 0xac, (byte) 0xed, 0, 5, 42, 42, 42 }))
			.block();

		assertSignedOut(browser, this.second);
	}

	private Browser signedInThroughFirst(String login) {
		this.provider.signInAs(TestOpenIdProvider.agent(login, "rivebelle", Set.of("agent")));
		Browser browser = new Browser();
		assertThat(browser.open(this.first.url("/open/x")).statusCode()).isEqualTo(200);
		return browser;
	}

	private static void assertSignedOut(Browser browser, GatewayInstance gateway) {
		HttpResponse<String> response = browser.get(gateway.url("/open/x"));
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(Browser.location(response)).endsWith("/oauth2/authorization/sesame");
	}

	private static HttpResponse<String> backChannel(GatewayInstance gateway, String logoutToken) {
		return new Browser().post(gateway.url("/logout/connect/back-channel/sesame"), Map.of("logout_token", logoutToken));
	}

}
