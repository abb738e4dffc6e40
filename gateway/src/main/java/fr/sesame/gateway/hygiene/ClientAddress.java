package fr.sesame.gateway.hygiene;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The client's IP address, for rate limits and logs: the connection's peer, unless that peer is a trusted proxy, in
 * which case the right-most address of {@code X-Forwarded-For} that is not itself a trusted proxy. A client cannot
 * choose its address by sending the header itself.
 */
public final class ClientAddress {

	private static final String ATTRIBUTE = ClientAddress.class.getName();

	private final TrustedProxies proxies;

	public ClientAddress(TrustedProxies proxies) {
		this.proxies = proxies;
	}

	/** The same, worked out once per exchange: the rate limits ask for it several times. */
	public String of(ServerWebExchange exchange) {
		String known = exchange.getAttribute(ATTRIBUTE);
		if (known == null) {
			known = of(exchange.getRequest());
			exchange.getAttributes().put(ATTRIBUTE, known);
		}
		return known;
	}

	public String of(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null || remote.getAddress() == null) {
			return "unknown";
		}
		if (!this.proxies.isTrusted(remote)) {
			return remote.getAddress().getHostAddress();
		}
		List<String> forwarded = request.getHeaders().getValuesAsList("X-Forwarded-For");
		for (int i = forwarded.size() - 1; i >= 0; i--) {
			InetAddress hop = TrustedProxies.literal(forwarded.get(i));
			if (hop == null) {
				break;
			}
			if (!this.proxies.isTrusted(hop)) {
				return hop.getHostAddress();
			}
		}
		return remote.getAddress().getHostAddress();
	}

}
