package fr.sesame.gateway.signin;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The provider's discovery document, fetched on first use and kept once it was read successfully. Lazy on purpose:
 * the gateway starts, and serves its health page, while auth-server is still down; the first sign-in or bearer call
 * after auth-server comes up reads it.
 */
public final class ProviderMetadata {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final String issuer;

	private final WebClient web;

	private final Duration timeout;

	private final AtomicReference<Map<String, Object>> known = new AtomicReference<>();

	public ProviderMetadata(URI issuer, WebClient web, Duration timeout) {
		this.issuer = withoutTrailingSlash(issuer.toString());
		this.web = web;
		this.timeout = timeout;
	}

	public String issuer() {
		return this.issuer;
	}

	public Mono<Map<String, Object>> get() {
		Map<String, Object> cached = this.known.get();
		if (cached != null) {
			return Mono.just(cached);
		}
		return fetch().doOnNext(this.known::set);
	}

	public Mono<URI> jwksUri() {
		return get().map((metadata) -> URI.create(String.valueOf(metadata.get("jwks_uri"))));
	}

	/** Reads the document again, whatever is cached: for health checks. */
	public Mono<Map<String, Object>> fetch() {
		return this.web.get()
			.uri(this.issuer + "/.well-known/openid-configuration")
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.bodyToMono(JSON_OBJECT)
			.timeout(this.timeout)
			.flatMap(this::checked);
	}

	private Mono<Map<String, Object>> checked(Map<String, Object> metadata) {
		// OIDC Discovery 4.3: the issuer in the document must be exactly the one we asked for.
		if (!this.issuer.equals(metadata.get("issuer"))) {
			return Mono.error(new IllegalStateException("The provider's discovery document names issuer '"
					+ metadata.get("issuer") + "', not the configured sesame.gateway.sign-in.issuer '" + this.issuer
					+ "'"));
		}
		if (!(metadata.get("jwks_uri") instanceof String)) {
			return Mono.error(new IllegalStateException("The provider's discovery document has no jwks_uri"));
		}
		return Mono.just(metadata);
	}

	private static String withoutTrailingSlash(String uri) {
		return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
	}

}
