package fr.sesame.gateway.support;

import java.util.LinkedHashMap;
import java.util.Map;

import fr.sesame.directory.support.LoopbackPorts;

/**
 * Gateways signing agents in at a {@link TestOpenIdProvider}, in front of WireMock upstreams, configured by
 * {@code test-applications.yml}. Started once per test run and shared by the test classes (each resets what it
 * looks at), like Spring's test-context cache, because each start costs seconds.
 */
public final class FakeProviderGateways {

	public static final String CLIENT_ID = "gateway-test";

	private static Fixture memory;

	private static Fixture redis;

	private FakeProviderGateways() {
	}

	/** One gateway, sessions in memory. */
	public static synchronized Fixture memory() {
		if (memory == null) {
			memory = Fixture.start("gateway-test", 1);
		}
		return memory;
	}

	/** Two replicas sharing Redis. */
	public static synchronized Fixture redis() {
		if (redis == null) {
			TestRedis.requireAvailable();
			redis = Fixture.start("redis", 2);
		}
		return redis;
	}

	/**
	 * A gateway's settings for {@code test-applications.yml}, signing in at {@code provider}, every application's
	 * upstream (slow and down ones included) being {@code upstream}; a mutable map, for more.
	 */
	public static Map<String, Object> applicationsAt(TestOpenIdProvider provider, Upstream upstream) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.config.import", "classpath:test-applications.yml");
		properties.put("test.issuer", provider.issuer());
		properties.put("test.upstream", upstream.url());
		properties.put("test.slow-upstream", upstream.url());
		properties.put("test.down-upstream", upstream.url());
		return properties;
	}

	/**
	 * @param provider the OpenID provider
	 * @param upstream the upstream of most applications
	 * @param slow an upstream that answers after 10 seconds
	 * @param gateways one or two replicas
	 */
	public record Fixture(TestOpenIdProvider provider, Upstream upstream, Upstream slow, GatewayInstance[] gateways) {

		static Fixture start(String profile, int replicas) {
			TestOpenIdProvider provider = new TestOpenIdProvider();
			Upstream upstream = Upstream.answering();
			Upstream slow = Upstream.hanging(10_000);
			Map<String, Object> properties = applicationsAt(provider, upstream);
			properties.put("test.slow-upstream", slow.url());
			properties.put("test.down-upstream", "http://127.0.0.1:" + LoopbackPorts.free());
			// As the Helm chart deploys it: actuator, metrics included, on a port of its own.
			properties.put("management.server.port", 0);
			properties.put("management.server.address", "127.0.0.1");
			properties.put("management.endpoints.web.exposure.include", "health,prometheus");
			if (profile.equals("redis")) {
				// The replicas sit "behind a proxy" on loopback: tests choose client addresses with X-Forwarded-For.
				properties.put("sesame.gateway.trusted-proxies[0]", "127.0.0.1");
				properties.put("sesame.store.key-prefix", "sesame:gateway-test:" + System.nanoTime() + ":");
				properties.put("spring.session.data.redis.namespace", "sesame:gateway-test:session:" + System.nanoTime());
			}
			GatewayInstance[] gateways = new GatewayInstance[replicas];
			for (int i = 0; i < replicas; i++) {
				gateways[i] = GatewayInstance.start(profile, properties);
			}
			Fixture fixture = new Fixture(provider, upstream, slow, gateways);
			Runtime.getRuntime().addShutdownHook(new Thread(fixture::close));
			fixture.warmUp();
			return fixture;
		}

		public GatewayInstance gateway() {
			return this.gateways[0];
		}

		public String url(String path) {
			return gateway().url(path);
		}

		/** Signs a new browser in through the first replica, as the provider's current agent. */
		public Browser signedIn(Map<String, Object> agent) {
			this.provider.signInAs(agent);
			Browser browser = new Browser();
			browser.open(url("/"));
			if (browser.cookie("SESAME_GATEWAY").isEmpty()) {
				throw new AssertionError("no gateway session after sign-in");
			}
			return browser;
		}

		/**
		 * One bearer call per replica, so that discovery, the key set and the first verification are done before the
		 * tests measure anything (rate limits refill while a cold replica fetches keys).
		 */
		void warmUp() {
			String token = this.provider.accessToken("api-client",
					TestOpenIdProvider.agent("warm-up", "rivebelle", java.util.Set.of("agent")));
			for (GatewayInstance gateway : this.gateways) {
				new Browser().get(gateway.url("/open/warm-up"),
						Map.of("Authorization", "Bearer " + token, "Accept", "application/json"));
			}
		}

		public void reset() {
			this.provider.reset();
			this.upstream.reset();
			this.slow.reset();
		}

		void close() {
			for (GatewayInstance gateway : this.gateways) {
				gateway.close();
			}
			this.upstream.close();
			this.slow.close();
			this.provider.close();
		}

	}

}
