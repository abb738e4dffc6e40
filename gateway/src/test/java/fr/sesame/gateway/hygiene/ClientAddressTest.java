package fr.sesame.gateway.hygiene;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressTest {

	private final ClientAddress addresses = new ClientAddress(new TrustedProxies(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32")));

	@Test
	void aClientCannotChooseItsAddressWithXForwardedFor() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/")
			.remoteAddress(new InetSocketAddress("203.0.113.5", 4000))
			.header("X-Forwarded-For", "198.51.100.1")
			.build();
		assertThat(this.addresses.of(request)).isEqualTo("203.0.113.5");
	}

	@Test
	void behindTrustedProxiesTheRightMostUntrustedHopIsTheClient() {
		MockServerHttpRequest request = MockServerHttpRequest.get("/")
			.remoteAddress(new InetSocketAddress("10.1.2.3", 4000))
			.header("X-Forwarded-For", "198.51.100.1, 203.0.113.9, 192.0.2.7")
			.build();
		assertThat(this.addresses.of(request)).isEqualTo("203.0.113.9");
	}

	@Test
	void cidrBlocksMatchOnTheirPrefixOnly() {
		TrustedProxies proxies = new TrustedProxies(List.of("10.0.0.0/8", "172.16.0.0/12", "2001:db8::/32"));
		assertThat(proxies.isTrusted(TrustedProxies.literal("10.255.0.1"))).isTrue();
		assertThat(proxies.isTrusted(TrustedProxies.literal("11.0.0.1"))).isFalse();
		assertThat(proxies.isTrusted(TrustedProxies.literal("172.31.255.255"))).isTrue();
		assertThat(proxies.isTrusted(TrustedProxies.literal("172.32.0.1"))).isFalse();
		assertThat(proxies.isTrusted(TrustedProxies.literal("2001:db8:1::1"))).isTrue();
		assertThat(TrustedProxies.literal("evil.example")).isNull();
	}

	@Test
	void aMalformedEntryNamesTheKey() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/33")))
			.withMessageContaining("sesame.gateway.trusted-proxies");
	}

}
