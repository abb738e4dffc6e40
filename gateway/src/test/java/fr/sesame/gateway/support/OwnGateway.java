package fr.sesame.gateway.support;

import java.util.Map;

/**
 * A gateway of a test class's own (for settings the shared {@link FakeProviderGateways} fixtures must not have), with
 * its fake provider and one upstream behind every application; closed by the class.
 */
public record OwnGateway(TestOpenIdProvider provider, Upstream upstream, GatewayInstance gateway)
		implements AutoCloseable {

	/** Started with {@code test-applications.yml} and {@code settings} on top. */
	public static OwnGateway start(String profile, Map<String, ?> settings) {
		TestOpenIdProvider provider = new TestOpenIdProvider();
		Upstream upstream = Upstream.answering();
		Map<String, Object> properties = FakeProviderGateways.applicationsAt(provider, upstream);
		properties.putAll(settings);
		return new OwnGateway(provider, upstream, GatewayInstance.start(profile, properties));
	}

	@Override
	public void close() {
		this.gateway.close();
		this.upstream.close();
		this.provider.close();
	}

}
