package fr.sesame.auth.mfa.passkey;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.ImmutableRelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyPublicKey;
import org.springframework.security.web.webauthn.management.RelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

import fr.sesame.auth.agent.SignedInAgents;
import fr.sesame.auth.audit.AuditEventType;
import fr.sesame.auth.audit.AuditTrail;
import fr.sesame.auth.startup.OwnThread;
import fr.sesame.directory.agent.Agent;

/**
 * Spring's WebAuthn relying party (webauthn4j) as Sésame runs it: the agent's WebAuthn identity is named after its
 * {@code sub} (how Spring finds it again) and displayed with the agent's name and login, so that an authenticator
 * holding several accounts shows which one; registration checks the label and that the ceremony was started by the
 * agent signed in now, and is audited.
 * <p>
 * Attestation is not asked for ("none"): Sésame does not restrict authenticator models. User verification and
 * discoverable credentials are "preferred": the password was verified already, and security keys without a PIN or
 * without room for resident keys remain usable as a second factor.
 * <p>
 * webauthn4j's relying party is built on a thread of its own: its CBOR and JSON converters load about 330 classes
 * (0.3 s of the start-up's critical path on the 2-core target) that only a passkey ceremony needs, and a ceremony
 * comes after a password sign-in, by which time it is long ready; one that came sooner would wait for it.
 */
final class AgentRelyingParty implements WebAuthnRelyingPartyOperations {

	private static final Logger logger = LoggerFactory.getLogger(AgentRelyingParty.class);

	private static final int MAX_DISPLAY_NAME = 64;

	private final CompletableFuture<Webauthn4JRelyingPartyOperations> webauthn4j;

	private final PublicKeyCredentialUserEntityRepository users;

	private final SignedInAgents agents;

	private final AuditTrail audit;

	private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

	AgentRelyingParty(PublicKeyCredentialUserEntityRepository users, UserCredentialRepository credentials,
			String rpId, Set<String> allowedOrigins, SignedInAgents agents, AuditTrail audit) {
		this.users = users;
		this.agents = agents;
		this.audit = audit;
		PublicKeyCredentialRpEntity rp = PublicKeyCredentialRpEntity.builder()
			.id(rpId)
			.name(PasskeyProperties.RP_NAME)
			.build();
		this.webauthn4j = CompletableFuture.supplyAsync(() -> webauthn4j(users, credentials, rp, allowedOrigins),
				OwnThread.named("webauthn-relying-party"));
	}

	private static Webauthn4JRelyingPartyOperations webauthn4j(PublicKeyCredentialUserEntityRepository users,
			UserCredentialRepository credentials, PublicKeyCredentialRpEntity rp, Set<String> allowedOrigins) {
		Webauthn4JRelyingPartyOperations webauthn4j = new Webauthn4JRelyingPartyOperations(users, credentials, rp,
				allowedOrigins);
		webauthn4j.setCustomizeCreationOptions((options) -> options
			.authenticatorSelection(AuthenticatorSelectionCriteria.builder()
				.userVerification(UserVerificationRequirement.PREFERRED)
				.residentKey(ResidentKeyRequirement.PREFERRED)
				.build()));
		return webauthn4j;
	}

	/** webauthn4j's relying party, waiting for it the first time if it is still being built. */
	private Webauthn4JRelyingPartyOperations webauthn4j() {
		return this.webauthn4j.join();
	}

	@Override
	public PublicKeyCredentialCreationOptions createPublicKeyCredentialCreationOptions(
			PublicKeyCredentialCreationOptionsRequest request) {
		identityOf(request.getAuthentication().getName());
		return webauthn4j().createPublicKeyCredentialCreationOptions(request);
	}

	@Override
	public CredentialRecord registerCredential(RelyingPartyRegistrationRequest request) {
		PublicKeyCredentialCreationOptions options = request.getCreationOptions();
		String sub = options.getUser().getName();
		Authentication current = this.holder.getContext().getAuthentication();
		// The options live in the session, which keeps its attributes when another agent signs in over it.
		if (current == null || !sub.equals(current.getName())) {
			throw new IllegalArgumentException("The registration was started by another sign-in");
		}
		String label = PasskeyLabel.clean(request.getPublicKey().getLabel())
			.orElseThrow(() -> new IllegalArgumentException("The passkey's label is blank, too long or not printable"));
		CredentialRecord registered = webauthn4j().registerCredential(new ImmutableRelyingPartyRegistrationRequest(
				options, new RelyingPartyPublicKey(request.getPublicKey().getCredential(), label)));
		logger.info("Passkey registered: sub={} credential={}", sub, registered.getCredentialId().toBase64UrlString());
		this.audit.record(sub, AuditEventType.MFA_ENROLLED, Map.of("factor", "passkey", "credential",
				registered.getCredentialId().toBase64UrlString(), "ip", RequestAddress.current()));
		return registered;
	}

	@Override
	public PublicKeyCredentialRequestOptions createCredentialRequestOptions(
			PublicKeyCredentialRequestOptionsRequest request) {
		return webauthn4j().createCredentialRequestOptions(request);
	}

	@Override
	public PublicKeyCredentialUserEntity authenticate(RelyingPartyAuthenticationRequest request) {
		return webauthn4j().authenticate(request);
	}

	// Created on the first registration, with a random user handle (no personal data reaches the authenticator's
	// handle); the display name follows the directory if the agent was renamed since.
	private PublicKeyCredentialUserEntity identityOf(String sub) {
		PublicKeyCredentialUserEntity existing = this.users.findByUsername(sub);
		String displayName = this.agents.find(sub).map(AgentRelyingParty::displayName).orElse(sub);
		if (existing != null && displayName.equals(existing.getDisplayName())) {
			return existing;
		}
		PublicKeyCredentialUserEntity identity = ImmutablePublicKeyCredentialUserEntity.builder()
			.id((existing != null) ? existing.getId() : Bytes.random())
			.name(sub)
			.displayName(displayName)
			.build();
		this.users.save(identity);
		return identity;
	}

	static String displayName(Agent agent) {
		String account = (agent.email() != null && !agent.email().isBlank()) ? agent.email() : agent.login();
		String name = agent.displayName() + " (" + account + ")";
		return (name.length() <= MAX_DISPLAY_NAME) ? name : name.substring(0, MAX_DISPLAY_NAME);
	}

}
