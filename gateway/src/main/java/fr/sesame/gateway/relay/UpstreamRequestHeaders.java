package fr.sesame.gateway.relay;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;

import fr.sesame.gateway.hygiene.ForwardedHeaders;

/**
 * The gateway's part of the headers an upstream receives: {@link IdentityRelay} (withheld cookies, token, identity
 * headers), then {@link ForwardedHeaders} ({@code X-Forwarded-*}), applied to one copy of the headers Spring Cloud
 * Gateway built for the upstream request (the request's own headers are read-only).
 *
 * <p>
 * Last of the header filters, after Spring Cloud Gateway's {@code RemoveHopByHopHeadersFilter}: that filter also
 * removes every header the client names in its {@code Connection} header, so a client sending
 * {@code Connection: X-Forwarded-For} would otherwise strip what the gateway set, and hide its address from the
 * upstream's logs.
 */
public final class UpstreamRequestHeaders implements HttpHeadersFilter, Ordered {

	private final IdentityRelay relay;

	private final ForwardedHeaders forwarded;

	public UpstreamRequestHeaders(IdentityRelay relay, ForwardedHeaders forwarded) {
		this.relay = relay;
		this.forwarded = forwarded;
	}

	@Override
	public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
		HttpHeaders headers = new HttpHeaders();
		headers.putAll(input);
		this.relay.apply(headers, exchange);
		this.forwarded.apply(headers, exchange);
		return headers;
	}

	@Override
	public boolean supports(Type type) {
		return type == Type.REQUEST;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
