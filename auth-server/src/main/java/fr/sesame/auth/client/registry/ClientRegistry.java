package fr.sesame.auth.client.registry;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import fr.sesame.auth.client.ClientProperties.SigningAlgorithm;
import fr.sesame.auth.client.ClientSecretEncoder;

/**
 * Every client of the server: those declared in {@code sesame.clients} (read-only) and those a syndicate admin
 * registered at run time (in the {@link ApplicationStore}). It is Spring's {@link RegisteredClientRepository}, so a
 * client registered or changed is what the next request to the OAuth2 endpoints is checked against, and it is the
 * {@link Applications} that roles, communes, MFA policy and back-channel logout are read from.
 * <p>
 * Secrets are generated here, returned once, and stored only as a keyed hash.
 */
public final class ClientRegistry implements RegisteredClientRepository, Applications {

	/** 256 bits: a secret nobody types, so no work factor is needed to protect its hash (see ClientSecretEncoder). */
	private static final int SECRET_BYTES = 32;

	private final ConfiguredApplications configured;

	private final ApplicationStore store;

	private final RegistrationRules rules;

	private final ClientSecretEncoder encoder;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	public ClientRegistry(ConfiguredApplications configured, ApplicationStore store, RegistrationRules rules,
			ClientSecretEncoder encoder, Clock clock) {
		this.configured = configured;
		this.store = store;
		this.rules = rules;
		this.encoder = encoder;
		this.clock = clock;
	}

	@Override
	public Optional<Application> find(String clientId) {
		if (clientId == null) {
			return Optional.empty();
		}
		Optional<Application> declared = this.configured.find(clientId);
		return declared.isPresent() ? declared : this.store.find(clientId);
	}

	@Override
	public List<Application> all() {
		List<Application> all = new ArrayList<>(this.configured.all());
		this.store.all()
			.stream()
			.filter((registered) -> this.configured.find(registered.clientId()).isEmpty())
			.forEach(all::add);
		all.sort(Comparator.comparing(Application::clientId));
		return all;
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		return find(clientId).map(RegisteredClients::of).orElse(null);
	}

	@Override
	public RegisteredClient findById(String id) {
		Optional<Application> declared = this.configured.find(id);
		if (declared.isPresent()) {
			return RegisteredClients.of(declared.get());
		}
		return this.store.all()
			.stream()
			.filter((registered) -> registered.internalId().equals(id))
			.findFirst()
			.map(RegisteredClients::of)
			.orElse(null);
	}

	/** Clients change through {@link #register} and {@link #update} only, which check them. */
	@Override
	public void save(RegisteredClient registeredClient) {
		throw new UnsupportedOperationException("Clients are registered through the admin API");
	}

	/**
	 * Registers a client; a confidential one gets a new secret, returned here once.
	 * @throws RegistrationRefused invalid form or id, or an id already taken (conflict)
	 */
	public Registration register(String clientId, ApplicationForm form) {
		RegistrationRules.checkClientId(clientId);
		RegistrationRules.Checked checked = this.rules.check(form);
		if (this.configured.find(clientId).isPresent()) {
			throw RegistrationRefused.conflict("A client with this client_id already exists");
		}
		String secret = checked.confidential() ? newSecret() : null;
		Application application = application(clientId, UUID.randomUUID().toString(), checked,
				(secret != null) ? this.encoder.encode(secret) : null);
		if (!this.store.add(application)) {
			throw RegistrationRefused.conflict("A client with this client_id already exists");
		}
		return new Registration(application, secret);
	}

	/**
	 * Replaces a registered client's settings with the form's. Its secret is kept; a public client made confidential
	 * gets one (returned once), a confidential client made public loses it.
	 * @throws RegistrationRefused no such client, a configured client (conflict), invalid form, or a change made
	 * meanwhile by another admin (conflict)
	 */
	public Registration update(String clientId, ApplicationForm form) {
		Application current = registered(clientId);
		RegistrationRules.Checked checked = this.rules.check(form);
		String secret = null;
		String secretHash = current.secretHash();
		if (!checked.confidential()) {
			secretHash = null;
		}
		else if (current.isPublic()) {
			secret = newSecret();
			secretHash = this.encoder.encode(secret);
		}
		Application updated = application(clientId, current.internalId(), checked, secretHash);
		if (!this.store.replace(current, updated)) {
			throw changedMeanwhile();
		}
		return new Registration(updated, secret);
	}

	/**
	 * A new secret for a confidential registered client, returned once; the old one is refused from now on (on other
	 * replicas within the store's cache time).
	 */
	public Registration rotateSecret(String clientId) {
		Application current = registered(clientId);
		if (current.isPublic()) {
			throw RegistrationRefused.conflict("A public client has no secret to rotate; make it confidential first");
		}
		String secret = newSecret();
		Application updated = current.withSecretHash(this.encoder.encode(secret), this.clock.instant());
		if (!this.store.replace(current, updated)) {
			throw changedMeanwhile();
		}
		return new Registration(updated, secret);
	}

	/** Forgets a registered client; its authorizations are revoked by {@link ApplicationRemoval}. */
	Application remove(String clientId) {
		registered(clientId);
		return this.store.remove(clientId).orElseThrow(RegistrationRefused::notFound);
	}

	private Application registered(String clientId) {
		Application current = find(clientId).orElseThrow(RegistrationRefused::notFound);
		if (current.isConfigured()) {
			throw RegistrationRefused.conflict("This client is declared in the server's configuration "
					+ "(sesame.clients); change it there");
		}
		return current;
	}

	private Application application(String clientId, String internalId, RegistrationRules.Checked checked,
			String secretHash) {
		return new Application(clientId, internalId, Application.Source.REGISTERED, checked.name(),
				checked.redirectUris(), checked.postLogoutRedirectUris(), checked.grantTypes(), checked.requirePkce(),
				false, SigningAlgorithm.ES256, checked.scopes(),
				checked.accessTokenTtl(), checked.refreshTokenTtl(), checked.mfa(), checked.roles(),
				checked.communes(), checked.backchannelLogoutUri(), secretHash, this.clock.instant());
	}

	private String newSecret() {
		byte[] bytes = new byte[SECRET_BYTES];
		this.random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static RegistrationRefused changedMeanwhile() {
		return RegistrationRefused.conflict("The client was changed meanwhile by another request; read it again and "
				+ "retry");
	}

	/**
	 * The outcome of a registration, an edit or a rotation.
	 * @param application the client as it now is
	 * @param secret the new plain secret, to be shown once and never again; {@code null} when none was issued
	 */
	public record Registration(Application application, String secret) {

		@Override
		public String toString() {
			return "Registration[" + this.application + "]";
		}

	}

}
