package fr.sesame.gateway.bearer;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import reactor.core.publisher.Mono;

import fr.sesame.gateway.signin.ProviderMetadata;

/**
 * The provider's signing keys (its JWKS), cached. Rotation: a token signed with a key id the cache does not know
 * makes Nimbus fetch the set again at once, but at most once per {@code refetchInterval}, so that forged key ids
 * cannot turn the gateway into a load generator against auth-server. Keys are also refreshed ahead of expiry.
 */
public final class ProviderKeys {

	private final ProviderMetadata provider;

	private final Duration ttl;

	private final Duration refetchInterval;

	private final AtomicReference<JWKSource<SecurityContext>> source = new AtomicReference<>();

	public ProviderKeys(ProviderMetadata provider, Duration ttl, Duration refetchInterval) {
		this.provider = provider;
		this.ttl = ttl;
		this.refetchInterval = refetchInterval;
	}

	public String issuer() {
		return this.provider.issuer();
	}

	/** The key source; its {@code get} may block on a fetch, so callers use it off the event loop. */
	public Mono<JWKSource<SecurityContext>> source() {
		JWKSource<SecurityContext> known = this.source.get();
		if (known != null) {
			return Mono.just(known);
		}
		return this.provider.jwksUri().map(this::build).map((built) -> {
			this.source.compareAndSet(null, built);
			return this.source.get();
		});
	}

	private JWKSource<SecurityContext> build(URI jwksUri) {
		try {
			DefaultResourceRetriever retriever = new DefaultResourceRetriever(2_000, 3_000, 512 * 1024);
			long ttlMillis = this.ttl.toMillis();
			return JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(), retriever)
				.cache(ttlMillis, 3_000)
				.refreshAheadCache(Math.min(30_000, ttlMillis / 4), true)
				.rateLimited(this.refetchInterval.toMillis())
				.retrying(true)
				.build();
		}
		catch (MalformedURLException ex) {
			throw new IllegalStateException("The provider's jwks_uri is not a URL: " + jwksUri, ex);
		}
	}

}
