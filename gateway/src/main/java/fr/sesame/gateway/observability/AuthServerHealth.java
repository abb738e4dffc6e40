package fr.sesame.gateway.observability;

import java.time.Duration;

import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;

import fr.sesame.gateway.signin.ProviderMetadata;

/**
 * {@code /actuator/health/authServer}: whether auth-server's discovery document can be read now. Results are kept a
 * few seconds so that a probe storm does not become a load on auth-server.
 */
public final class AuthServerHealth implements ReactiveHealthIndicator {

	private final ProviderMetadata provider;

	private final Mono<Health> cached;

	public AuthServerHealth(ProviderMetadata provider, Duration cacheFor) {
		this.provider = provider;
		this.cached = Mono.defer(this::probe).cache((health) -> cacheFor, (error) -> Duration.ZERO, () -> Duration.ZERO);
	}

	@Override
	public Mono<Health> health() {
		return this.cached;
	}

	private Mono<Health> probe() {
		long start = System.nanoTime();
		return this.provider.fetch()
			.map((metadata) -> Health.up()
				.withDetail("issuer", this.provider.issuer())
				.withDetail("latencyMs", (System.nanoTime() - start) / 1_000_000)
				.build())
			.onErrorResume((error) -> Mono.just(Health.down()
				.withDetail("issuer", this.provider.issuer())
				.withDetail("reason", error.getClass().getSimpleName() + ": " + error.getMessage())
				.build()));
	}

}
