package fr.sesame.gateway.signin;

import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import fr.sesame.gateway.application.GatewayProperties.SignIn;

/**
 * The gateway's one client registration ({@value #REGISTRATION_ID}), built from the provider's discovery document
 * when first needed rather than at start-up.
 */
public final class DiscoveredClientRegistrations implements ReactiveClientRegistrationRepository {

	/** Appears in the redirect URI ({@code /login/oauth2/code/sesame}) and the back-channel logout URI. */
	public static final String REGISTRATION_ID = "sesame";

	private final ProviderMetadata provider;

	private final SignIn signIn;

	private final AtomicReference<ClientRegistration> built = new AtomicReference<>();

	public DiscoveredClientRegistrations(ProviderMetadata provider, SignIn signIn) {
		this.provider = provider;
		this.signIn = signIn;
	}

	@Override
	public Mono<ClientRegistration> findByRegistrationId(String registrationId) {
		if (!REGISTRATION_ID.equals(registrationId)) {
			return Mono.empty();
		}
		ClientRegistration registration = this.built.get();
		if (registration != null) {
			return Mono.just(registration);
		}
		return this.provider.get().map((metadata) -> ClientRegistrations.fromOidcConfiguration(metadata)
			.registrationId(REGISTRATION_ID)
			.clientId(this.signIn.clientId())
			.clientSecret(this.signIn.clientSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.scope(this.signIn.scopes())
			.redirectUri(this.signIn.redirectUri())
			.clientName("Sésame")
			.build()).doOnNext(this.built::set);
	}

}
